// Turns the batches of one round into the changes of each aggregate document they touch.
import {
  addMetrics,
  aggregateCollection,
  bucketStart,
  emptyMetrics,
  GRANULARITIES,
  partitionExpired,
  partitionStart,
  type AggregatePart,
  type Granularity,
  type Metrics,
} from '@turnpike/common';
import { getOrCreate, type BatchDelta } from '../delta';

/** What a round adds to one bucket document. */
export interface BucketChanges {
  collection: string;
  /** The document's _id: the bucket start as an ISO string. */
  id: string;
  granularity: Granularity;
  part: AggregatePart;
  bucket: number;
  /** scopeField -> counters to add. */
  scopes: Map<string, Metrics>;
  /** API scopeField -> endpoint name -> count to add (hour and day buckets only). */
  endpoints: Map<string, Map<string, number>>;
}

/**
 * Buckets whose partition is already past its retention are left out (the pruner would drop them):
 * late records, or a backfill of old traffic, count in the day and hour buckets still kept.
 */
export function planChanges(delta: BatchDelta, now: number): BucketChanges[] {
  const changes = new Map<string, BucketChanges>();
  const bucketOf = (
    granularity: Granularity,
    part: AggregatePart,
    ts: number,
  ): BucketChanges | null => {
    const bucket = bucketStart(granularity, ts);
    const partition = partitionStart(granularity, bucket);
    if (partitionExpired(granularity, partition, now)) return null;
    const collection = aggregateCollection(granularity, part, partition);
    const id = new Date(bucket).toISOString();
    return getOrCreate(changes, `${collection}/${id}`, () => ({
      collection,
      id,
      granularity,
      part,
      bucket,
      scopes: new Map(),
      endpoints: new Map(),
    }));
  };
  for (const [minute, scopes] of delta.cells) {
    for (const [field, metrics] of scopes) {
      const part: AggregatePart = field.startsWith('key:') ? 'keys' : 'apis';
      for (const granularity of GRANULARITIES) {
        const bucket = bucketOf(granularity, part, minute);
        if (bucket) addMetrics(getOrCreate(bucket.scopes, field, emptyMetrics), metrics);
      }
    }
  }
  for (const [hour, perApi] of delta.endpoints) {
    for (const [apiField, counts] of perApi) {
      for (const granularity of ['hour', 'day'] as const) {
        const bucket = bucketOf(granularity, 'apis', hour);
        if (!bucket) continue;
        const known = getOrCreate(bucket.endpoints, apiField, () => new Map<string, number>());
        for (const [name, n] of counts) known.set(name, (known.get(name) ?? 0) + n);
      }
    }
  }
  return [...changes.values()];
}
