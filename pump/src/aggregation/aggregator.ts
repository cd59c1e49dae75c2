// The aggregator: while it holds the lease, folds pending batches into the aggregate buckets, a round at a time.
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import type {
  AggregatorStateDocument,
  PendingBatchDocument,
  PumpCollections,
} from '../collections';
import { decodeDelta, mergeDelta, type BatchDelta } from '../delta';
import { warn } from '../log';
import { BucketStore } from './bucket-store';
import { Lease } from './lease';
import { AppliedBatches } from './ledger';
import { planChanges } from './plan';

/** Batches folded into one round at most: a round's cost grows with buckets touched, not records. */
const MAX_BATCHES_PER_ROUND = 500;
const IDLE_WAIT_MS = 200;
const STANDBY_WAIT_MS = 2000;
const ERROR_WAIT_MS = 1000;
const LEASE_RENEW_MS = 3000;

export interface AggregatorOptions {
  db: Db;
  collections: PumpCollections;
  redis: Redis;
  lease: Lease;
  appliedBatches: AppliedBatches;
}

/**
 * Exactly-once counting without transactions (FerretDB has none, and its updates are a read then a
 * write, so two writers to one document lose increments): one writer, rounds, and a stamp.
 *
 * - Only the holder of a Redis lease writes aggregate documents, one round at a time.
 * - A round first records its number and batch ids in the state document, then adds the batches'
 *   counts to every bucket they touch, each bucket document written whole with `round: n` in the
 *   same single-document write; then it marks the batches counted in Redis, deletes them from
 *   pending and clears the state's `applying`.
 * - A round cut short (crash, outage, lost lease) is finished by whoever holds the lease next, from
 *   the state document: buckets already stamped n are skipped, the others get the same changes.
 *   If its pending batches are already deleted, every bucket was written before that.
 * - A batch stored again after it was counted (its job retried) is found in the Redis ledger and
 *   dropped before a round starts.
 *
 * The lease (15 s, renewed every 3 s) is checked before every group of writes, and counts as lost
 * 3 s before it could expire; a process frozen for longer than that between its check and its
 * write is the one case this does not cover.
 */
export class Aggregator {
  private readonly buckets: BucketStore;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private leader = false;
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AggregatorOptions) {
    this.buckets = new BucketStore(options.db);
  }

  /** True while this process is the one aggregating. */
  get isLeader(): boolean {
    return this.leader && this.options.lease.held;
  }

  start(): void {
    // Renewed on a timer, not between rounds, so that a long round (a backlog after an outage)
    // does not outlive the lease while it writes.
    this.renewTimer ??= setInterval(() => void this.renewLease(), LEASE_RENEW_MS);
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.renewTimer);
    this.wake?.();
    await this.loop;
    if (this.leader) await this.options.lease.release().catch(() => undefined);
  }

  private async renewLease(): Promise<boolean> {
    try {
      const held = await this.options.lease.refresh();
      // Another pump may have written while we did not hold the lease: what we remember is stale.
      if (held && !this.leader) this.buckets.clear();
      this.leader = held;
    } catch (error) {
      this.leader = false;
      warn('lease', `aggregator lease not renewed: ${(error as Error).message}`);
    }
    return this.leader;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (!this.isLeader && !(await this.renewLease())) {
        await this.sleep(STANDBY_WAIT_MS);
        continue;
      }
      try {
        const counted = await this.runRound();
        if (counted === 0) await this.sleep(IDLE_WAIT_MS);
      } catch (error) {
        warn('aggregator', `aggregation round failed, retrying: ${(error as Error).message}`);
        await this.sleep(ERROR_WAIT_MS);
      }
    }
  }

  /** Finishes an interrupted round, then runs one round; answers how many batches it counted. */
  async runRound(): Promise<number> {
    const { collections, appliedBatches } = this.options;
    const state = await this.readState();
    if (state.applying) await this.finishRound(state.applying.round, state.applying.batchIds);

    const pending = await collections.pending.find({}).limit(MAX_BATCHES_PER_ROUND).toArray();
    if (pending.length === 0) return 0;
    const counted = await appliedBatches.counted(pending.map((p) => p._id));
    if (counted.size > 0) await collections.pending.deleteMany({ _id: { $in: [...counted] } });
    const fresh = pending.filter((p) => !counted.has(p._id));
    if (fresh.length === 0) return 0;

    const round = state.round + 1;
    const batchIds = fresh.map((p) => p._id);
    this.assertLeader();
    await collections.state.updateOne(
      { _id: 'aggregator' },
      { $set: { round, applying: { round, batchIds }, updatedAt: new Date() } },
      { upsert: true },
    );
    await this.finishRound(round, batchIds, fresh);
    return fresh.length;
  }

  private async finishRound(
    round: number,
    batchIds: string[],
    known?: PendingBatchDocument[],
  ): Promise<void> {
    const { collections, appliedBatches } = this.options;
    const pending = known ?? (await collections.pending.find({ _id: { $in: batchIds } }).toArray());
    // Pending batches are deleted only after every bucket of their round was written.
    if (pending.length === batchIds.length) {
      const delta: BatchDelta = { cells: new Map(), endpoints: new Map() };
      for (const batch of pending) {
        try {
          mergeDelta(delta, decodeDelta(batch.delta));
        } catch (error) {
          // Only this pump writes pending batches, so this is a bug; skipping the batch (the same
          // way on every replay) keeps one bad document from stopping all counting.
          warn(
            'bad-delta',
            `pending batch ${batch._id} is unreadable and is not counted: ${(error as Error).message}`,
          );
        }
      }
      await this.buckets.apply(planChanges(delta, Date.now()), round, () => this.assertLeader());
    }
    this.assertLeader();
    await appliedBatches.markCounted(batchIds, round);
    await collections.pending.deleteMany({ _id: { $in: batchIds } });
    // Only this round's record is cleared: a late write must not erase a newer round's.
    this.assertLeader();
    await collections.state.updateOne(
      { _id: 'aggregator', 'applying.round': round },
      { $set: { applying: null, updatedAt: new Date() } },
    );
  }

  private async readState(): Promise<AggregatorStateDocument> {
    const state = await this.options.collections.state.findOne({ _id: 'aggregator' });
    return state ?? { _id: 'aggregator', round: 0, applying: null, updatedAt: new Date(0) };
  }

  private assertLeader(): void {
    if (!this.options.lease.held) {
      this.leader = false;
      throw new Error('the aggregator lease lapsed');
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
