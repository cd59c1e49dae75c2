// Reads back what the pump stored: every aggregate bucket, and the same buckets recounted from raw records.
import {
  addRecord,
  aggregateDocumentSchema,
  bucketStart,
  decodeMetrics,
  emptyMetrics,
  encodeMetrics,
  GRANULARITIES,
  parseAggregateCollection,
  partitionExpired,
  partitionStart,
  scopeField,
  type AnalyticsRecord,
  type Metrics,
} from '@turnpike/common';
import type { Db } from 'mongodb';

/** "granularity|bucket ISO|scopeField" -> counters. */
export type BucketMap = Map<string, Metrics>;

export function bucketKey(granularity: string, bucket: number, field: string): string {
  return `${granularity}|${new Date(bucket).toISOString()}|${field}`;
}

export async function readAggregates(db: Db): Promise<BucketMap> {
  const buckets: BucketMap = new Map();
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const partition = parseAggregateCollection(name);
    if (!partition) continue;
    for (const raw of await db.collection(name).find({}).toArray()) {
      const document = aggregateDocumentSchema.parse(raw);
      for (const [field, stored] of Object.entries(document.scopes)) {
        buckets.set(
          bucketKey(partition.granularity, document.bucket.getTime(), field),
          decodeMetrics(stored),
        );
      }
    }
  }
  return buckets;
}

export async function readRawRecords(db: Db): Promise<AnalyticsRecord[]> {
  const documents = await db.collection('analytics').find({}).toArray();
  return documents.map(({ _id, ...record }) => ({ ...record, id: String(_id) }) as AnalyticsRecord);
}

/**
 * What the aggregates should hold for these records, counted one record at a time; buckets past
 * their retention at `now` are not kept.
 */
export function recount(records: readonly AnalyticsRecord[], now = Date.now()): BucketMap {
  const buckets: BucketMap = new Map();
  const add = (key: string, record: AnalyticsRecord) => {
    let metrics = buckets.get(key);
    if (!metrics) buckets.set(key, (metrics = emptyMetrics()));
    addRecord(metrics, record);
  };
  for (const record of records) {
    for (const granularity of GRANULARITIES) {
      const bucket = bucketStart(granularity, record.ts);
      if (partitionExpired(granularity, partitionStart(granularity, bucket), now)) continue;
      add(bucketKey(granularity, bucket, 'all'), record);
      if (record.apiId !== null)
        add(
          bucketKey(granularity, bucket, scopeField({ kind: 'api', apiId: record.apiId })),
          record,
        );
      if (record.keyId !== null) {
        add(
          bucketKey(
            granularity,
            bucket,
            scopeField({ kind: 'key', apiId: record.apiId, keyId: record.keyId }),
          ),
          record,
        );
      }
    }
  }
  return buckets;
}

/** Both maps as sorted [key, encoded counters] lists, for one readable equality check. */
export function comparable(buckets: BucketMap): [string, string][] {
  return [...buckets]
    .map(([key, metrics]): [string, string] => [key, encodeMetrics(metrics)])
    .sort();
}
