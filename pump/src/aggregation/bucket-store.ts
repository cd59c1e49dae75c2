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
import { addEndpointCounts } from '../endpoints';
import type { BucketChanges } from './plan';

type BucketDocument = { _id: string } & Document;

/** A bucket document as the aggregator knows it. */
interface StoredBucket {
  round: number;
  scopes: Map<string, Metrics>;
  endpoints: Map<string, Map<string, number>>;
}

/** The documents of one partition collection, by _id: all of them, as read or since written. */
type Partition = Map<string, StoredBucket>;

/** Partitions kept in memory: the current hour's minutes, today's hours and this month's days, and then some. */
const CACHED_PARTITIONS = 200;
/** Partition collections written in parallel. */
const WRITES_AT_ONCE = 8;

/**
 * With a single writer, the documents it wrote are exactly as it remembers them, so a round costs
 * writes only. A partition not in memory is read whole, once (it holds at most 60 small documents,
 * and FerretDB scans the collection for any read anyway). After a failed write the partitions of
 * that round are forgotten and read back, since some writes may have landed and some not.
 */
export class BucketStore {
  private readonly partitions = new Map<string, Partition>();

  constructor(private readonly db: Db) {}

  /**
   * Adds `changes` to their buckets, stamping each with `round`. A bucket already stamped with
   * `round` (or later) already holds these changes (a crash cut the round short and it is being
   * finished) and is left alone: that check and the single-document write are what make a
   * replayed round count once. `assertWriter` throws once this process may no longer write; it is
   * asked before each group of writes.
   */
  async apply(
    changes: readonly BucketChanges[],
    round: number,
    assertWriter: () => void,
  ): Promise<void> {
    const collections = [...new Set(changes.map((change) => change.collection))];
    const loaded = new Map(
      await Promise.all(
        collections.map(async (name) => [name, await this.partition(name)] as const),
      ),
    );
    const writes = new Map<string, AnyBulkWriteOperation<BucketDocument>[]>();
    const updated: [string, string, StoredBucket][] = [];
    for (const change of changes) {
      const stored = loaded.get(change.collection)!.get(change.id) ?? emptyBucket();
      if (stored.round >= round) continue;
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
      updated.push([change.collection, change.id, next]);
    }
    try {
      const pending = [...writes];
      while (pending.length > 0) {
        assertWriter();
        await Promise.all(
          pending
            .splice(0, WRITES_AT_ONCE)
            .map(([name, ops]) =>
              this.db.collection<BucketDocument>(name).bulkWrite(ops, { ordered: false }),
            ),
        );
      }
    } catch (error) {
      for (const name of collections) this.partitions.delete(name);
      throw error;
    }
    for (const [name, id, bucket] of updated) loaded.get(name)!.set(id, bucket);
  }

  /** Forgets everything (after losing the lease another pump may have written). */
  clear(): void {
    this.partitions.clear();
  }

  private async partition(name: string): Promise<Partition> {
    let partition = this.partitions.get(name);
    if (partition) {
      this.partitions.delete(name); // re-inserted below: the most recently used come last
    } else {
      const documents = await this.db.collection<BucketDocument>(name).find({}).toArray();
      partition = new Map(documents.map((document) => [document._id, fromDocument(document)]));
    }
    this.partitions.set(name, partition);
    if (this.partitions.size > CACHED_PARTITIONS)
      this.partitions.delete(this.partitions.keys().next().value!);
    return partition;
  }
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
