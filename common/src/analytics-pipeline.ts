// How analytics batches travel from the gateway to the pump: job name, job options, the pump's Redis keys.

/** Name of every job on ANALYTICS_QUEUE; its data is an AnalyticsBatch. */
export const ANALYTICS_JOB_NAME = 'batch';

/**
 * Options the gateway adds batch jobs with (structurally BullMQ's JobsOptions; common does not
 * depend on BullMQ). Attempts count only real failures: while MongoDB is unreachable the pump
 * puts jobs back without spending an attempt (BullMQ manual rate limit), so ten attempts with
 * exponential backoff (1 s … 8.5 min, about 17 minutes in all) cover bugs and bad luck, not
 * outages. Completed jobs are removed at once (the records are in MongoDB); failed jobs stay a
 * week, so an operator can read why and retry them.
 */
export const ANALYTICS_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

/** How long the pump remembers that a batch was counted: longer than any retry of its job. */
export const APPLIED_BATCH_TTL_SECONDS = 24 * 3600;

export interface PumpRedisKeys {
  /** Lease held by the one pump that aggregates; value is the holder's id. */
  readonly aggregatorLease: string;
  /** Marks a batch as counted in the aggregates (value: the aggregation round). */
  appliedBatch(batchId: string): string;
}

export function pumpRedisKeys(prefix = 'tp:'): PumpRedisKeys {
  return {
    aggregatorLease: `${prefix}pump:aggregator`,
    appliedBatch: (batchId) => `${prefix}pump:applied:${batchId}`,
  };
}
