// Handles one batch job: stores its raw records and leaves its counts for the aggregator.
import { analyticsBatchSchema, fieldErrors } from '@turnpike/common';
import { UnrecoverableError } from 'bullmq';
import type { PumpCollections } from './collections';
import { batchIdOf, computeDelta, encodeDelta } from './delta';
import { insertIdempotent } from './sinks/mongo';

export interface BatchResult {
  batchId: string;
  records: number;
  /** Records not stored before (fewer than `records` when the batch is a retry). */
  inserted: number;
}

/**
 * Both writes are idempotent (raw records by record id, the pending batch by batch id), so a job
 * that crashes half-way or is retried stores everything once. Counting happens later, in the one
 * aggregator (aggregation/aggregator.ts), which counts each batch id once.
 */
export async function handleBatch(
  collections: PumpCollections,
  data: unknown,
): Promise<BatchResult> {
  const parsed = analyticsBatchSchema.safeParse(data);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error).slice(0, 5);
    const detail = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    throw new UnrecoverableError(`invalid analytics batch (${detail})`);
  }
  const { records } = parsed.data;
  const batchId = batchIdOf(records);
  const inserted = await insertIdempotent(
    collections.raw,
    records.map((record) => ({ _id: record.id, ...record })),
  );
  await insertIdempotent(collections.pending, [
    {
      _id: batchId,
      receivedAt: new Date(),
      records: records.length,
      delta: encodeDelta(computeDelta(records)),
    },
  ]);
  return { batchId, records: records.length, inserted };
}
