// Reads and writes aggregate bucket documents for the aggregator, the only process that writes them.
import {
  addMetrics,
  aggregateDocumentSchema,
  decodeMetrics,
  emptyMetrics,
  encodeMetrics,
  endpointCountsSchema,
  type Metrics,
} from '@turnpike/common';
import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';

type BucketDocument = { _id: string } & Document;
import { addEndpointCounts } from '../endpoints';
import type { BucketChanges } from './plan';

/** A bucket document as the aggregator knows it. */
interface StoredBucket {
  round: number;
  scopes: Map<string, Metrics>;
  endpoints: Map<string, Map<string, number>>;
}

const CACHE_SIZE = 5000;

/**
 * With a single writer, the documents it wrote are exactly as it remembers them, so recent
 * buckets are kept in memory and a round costs writes only. After a failed write the buckets of
 * that round are forgotten and read back, since some writes may have landed and some not.
 */
export class BucketStore {
  private readonly cache = new Map<string, StoredBucket>();

  constructor(private readonly db: Db) {}

  /**
   * Adds `changes` to their buckets, stamping each with `round`. A bucket already stamped with
   * `round` (or later) already holds these changes (a crash cut the round short and it is being
   * finished) and is left alone: that check and the single-document write are what make a
   * replayed round count once.
   */
  async apply(changes: readonly BucketChanges[], round: number): Promise<void> {
    const loaded = await Promise.all(changes.map((change) => this.load(change)));
    const writes = new Map<string, AnyBulkWriteOperation<BucketDocument>[]>();
    const updated: [string, StoredBucket][] = [];
    changes.forEach((change, i) => {
      const stored = loaded[i]!;
      if (stored.round >= round) return;
      const next: StoredBucket = {
        round,
        scopes: new Map(stored.scopes),
        endpoints: new Map(stored.endpoints),
      };
      const set: Document = { bucket: new Date(change.bucket), round };
      for (const [field, metrics] of change.scopes) {
        const merged = emptyMetrics();
        addMetrics(merged, stored.scopes.get(field) ?? emptyMetrics());
        addMetrics(merged, metrics);
        next.scopes.set(field, merged);
        set[`scopes.${field}`] = encodeMetrics(merged);
      }
      for (const [apiField, counts] of change.endpoints) {
        const known = new Map(stored.endpoints.get(apiField));
        addEndpointCounts(known, counts);
        next.endpoints.set(apiField, known);
        set[`endpoints.${apiField}`] = JSON.stringify([...known]);
      }
      const ops = writes.get(change.collection) ?? [];
      ops.push({ updateOne: { filter: { _id: change.id }, update: { $set: set }, upsert: true } });
      writes.set(change.collection, ops);
      updated.push([cacheKey(change), next]);
    });
    try {
      await Promise.all(
        [...writes].map(([collection, ops]) =>
          this.db.collection<BucketDocument>(collection).bulkWrite(ops, { ordered: false }),
        ),
      );
    } catch (error) {
      for (const change of changes) this.cache.delete(cacheKey(change));
      throw error;
    }
    for (const [key, bucket] of updated) this.remember(key, bucket);
  }

  /** Forgets everything (after losing the lease another pump may have written). */
  clear(): void {
    this.cache.clear();
  }

  private async load(change: BucketChanges): Promise<StoredBucket> {
    const key = cacheKey(change);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const document = await this.db
      .collection<BucketDocument>(change.collection)
      .findOne({ _id: change.id });
    const bucket = document === null ? emptyBucket() : fromDocument(document);
    this.remember(key, bucket);
    return bucket;
  }

  private remember(key: string, bucket: StoredBucket): void {
    this.cache.delete(key);
    this.cache.set(key, bucket);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }
}

function cacheKey(change: BucketChanges): string {
  return `${change.collection}/${change.id}`;
}

function emptyBucket(): StoredBucket {
  return { round: 0, scopes: new Map(), endpoints: new Map() };
}

function fromDocument(document: Document): StoredBucket {
  const parsed = aggregateDocumentSchema.parse(document);
  const scopes = new Map<string, Metrics>();
  for (const [field, stored] of Object.entries(parsed.scopes))
    scopes.set(field, decodeMetrics(stored));
  const endpoints = new Map<string, Map<string, number>>();
  for (const [field, stored] of Object.entries(parsed.endpoints)) {
    endpoints.set(field, new Map(endpointCountsSchema.parse(JSON.parse(stored))));
  }
  return { round: parsed.round, scopes, endpoints };
}
