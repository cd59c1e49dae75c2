// Buffers one analytics record per request and hands them to the pump's queue in batches.
import {
  ANALYTICS_JOB_NAME,
  ANALYTICS_JOB_OPTIONS,
  ANALYTICS_QUEUE,
  type AnalyticsRecord,
} from '@turnpike/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Metrics } from '../metrics';

const BATCH_SIZE = 1000;
const FLUSH_INTERVAL_MS = 1000;
const MAX_BUFFERED = 100_000;

export class AnalyticsRecorder {
  private buffer: AnalyticsRecord[] = [];
  private readonly queue: Queue;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;

  constructor(
    connection: Redis,
    prefix: string,
    private readonly metrics: Metrics,
  ) {
    this.queue = new Queue(ANALYTICS_QUEUE, { connection, prefix });
    this.queue.on('error', () => metrics.redisError());
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
    metrics.analyticsBuffered = () => this.buffer.length;
  }

  record(record: AnalyticsRecord): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.metrics.analyticsDropped++;
      return;
    }
    this.buffer.push(record);
    if (this.buffer.length === BATCH_SIZE) void this.flush();
  }

  /** Queues everything buffered, a batch at a time; on failure the records stay for the next try. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const records = this.buffer.splice(0, BATCH_SIZE);
      try {
        await this.queue.add(ANALYTICS_JOB_NAME, { records }, ANALYTICS_JOB_OPTIONS);
        this.metrics.analyticsQueued += records.length;
      } catch {
        this.metrics.redisError();
        const room = MAX_BUFFERED - this.buffer.length;
        if (room < records.length) this.metrics.analyticsDropped += records.length - room;
        this.buffer = records.slice(0, room).concat(this.buffer);
        return;
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.queue.close();
  }
}
