// The BullMQ worker on the analytics queue, set up as BullMQ's going-to-production guide says.
import { ANALYTICS_JOB_NAME, ANALYTICS_QUEUE } from '@turnpike/common';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { handleBatch, type BatchResult } from './batch';
import type { PumpCollections } from './collections';
import { log, warn } from './log';
import { isStoreUnavailable } from './sinks/mongo';

/** How long every pump stops taking jobs when MongoDB is unreachable, before trying again. */
const STORE_OUTAGE_PAUSE_MS = 2000;

export interface BatchWorkerOptions {
  /** A connection with maxRetriesPerRequest: null, as BullMQ workers need. */
  connection: Redis;
  bullPrefix: string;
  concurrency: number;
  collections: PumpCollections;
}

export interface BatchWorker {
  worker: Worker;
  close(): Promise<void>;
}

export function startBatchWorker({
  connection,
  bullPrefix,
  concurrency,
  collections,
}: BatchWorkerOptions): BatchWorker {
  // The queue handle is only used to pause every worker at once while MongoDB is away.
  const queue = new Queue(ANALYTICS_QUEUE, { connection, prefix: bullPrefix });
  queue.on('error', (error) => warn('queue', `queue: ${error.message}`));

  const handle = async (job: Job): Promise<BatchResult> => {
    if (job.name !== ANALYTICS_JOB_NAME)
      throw new UnrecoverableError(`unknown job name "${job.name}"`);
    try {
      return await handleBatch(collections, job.data);
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      // An outage is not the batch's fault: put the job back without spending one of its
      // attempts, and hold every worker off the queue for a moment.
      warn(
        'store',
        `MongoDB unreachable (${(error as Error).message}); jobs wait until it is back`,
      );
      await queue.rateLimit(STORE_OUTAGE_PAUSE_MS);
      throw Worker.RateLimitError();
    }
  };

  const worker = new Worker(ANALYTICS_QUEUE, handle, {
    connection,
    prefix: bullPrefix,
    concurrency,
    // Handling a batch is idempotent, so a job whose pump died is simply run again; allow that
    // more than once (BullMQ's default fails a job the second time it stalls).
    maxStalledCount: 10,
    lockDuration: 20_000,
    stalledInterval: 10_000,
  });
  worker.on('error', (error) => warn('worker', `worker: ${error.message}`));
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final =
      error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) log(`batch job ${job.id} failed for good: ${error.message}`);
    else
      warn(
        'job-failed',
        `batch job ${job.id} failed (attempt ${job.attemptsMade}), will retry: ${error.name}: ${error.message}`,
      );
  });

  return {
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
