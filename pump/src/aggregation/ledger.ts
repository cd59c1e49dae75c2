// Remembers in Redis which batches the aggregates already count, so a batch queued again is not counted twice.
import { APPLIED_BATCH_TTL_SECONDS, type PumpRedisKeys } from '@turnpike/common';
import type { Redis } from 'ioredis';

export class AppliedBatches {
  constructor(
    private readonly redis: Redis,
    private readonly keys: PumpRedisKeys,
  ) {}

  /** The ids among `batchIds` that are already counted. */
  async counted(batchIds: readonly string[]): Promise<Set<string>> {
    if (batchIds.length === 0) return new Set();
    const values = await this.redis.mget(batchIds.map((id) => this.keys.appliedBatch(id)));
    return new Set(batchIds.filter((_, i) => values[i] !== null));
  }

  async markCounted(batchIds: readonly string[], round: number): Promise<void> {
    if (batchIds.length === 0) return;
    const pipeline = this.redis.multi();
    for (const id of batchIds)
      pipeline.set(this.keys.appliedBatch(id), String(round), 'EX', APPLIED_BATCH_TTL_SECONDS);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (!results || failed) throw failed?.[0] ?? new Error('Redis MULTI was discarded');
  }
}
