// Turns the batches of one round into the changes of each aggregate document they touch.
import {
  addMetrics,
  aggregateCollection,
  bucketStart,
  emptyMetrics,
  GRANULARITIES,
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

export function planChanges(delta: BatchDelta): BucketChanges[] {
  const changes = new Map<string, BucketChanges>();
  const bucketOf = (granularity: Granularity, part: AggregatePart, ts: number): BucketChanges => {
    const bucket = bucketStart(granularity, ts);
    const collection = aggregateCollection(granularity, part, partitionStart(granularity, bucket));
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
        addMetrics(
          getOrCreate(bucketOf(granularity, part, minute).scopes, field, emptyMetrics),
          metrics,
        );
      }
    }
  }
  for (const [hour, perApi] of delta.endpoints) {
    for (const [apiField, counts] of perApi) {
      for (const granularity of ['hour', 'day'] as const) {
        const known = getOrCreate(
          bucketOf(granularity, 'apis', hour).endpoints,
          apiField,
          () => new Map<string, number>(),
        );
        for (const [name, n] of counts) known.set(name, (known.get(name) ?? 0) + n);
      }
    }
  }
  return [...changes.values()];
}
