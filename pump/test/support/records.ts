// Analytics records for tests, and the queue they are sent through, as the gateway sends them.
import { randomBytes } from 'node:crypto';
import {
  ANALYTICS_JOB_NAME,
  ANALYTICS_JOB_OPTIONS,
  ANALYTICS_QUEUE,
  redisKeys,
  type AnalyticsRecord,
} from '@turnpike/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

let sequence = 0;

/** A record with plausible defaults; `overrides` set what a test checks. */
export function makeRecord(overrides: Partial<AnalyticsRecord> = {}): AnalyticsRecord {
  sequence += 1;
  return {
    id: `a_${Date.now().toString(36)}${sequence.toString(36)}${randomBytes(6).toString('hex')}`,
    ts: Date.now(),
    apiId: 'httpbin',
    keyId: null,
    method: 'GET',
    host: 'gateway.test',
    path: '/httpbin/get',
    status: 200,
    latencyMs: 3,
    upstreamLatencyMs: 2,
    bytesIn: 0,
    bytesOut: 100,
    clientIp: '127.0.0.1',
    userAgent: 'pump-test',
    gtxid: randomBytes(8).toString('hex'),
    ...overrides,
  };
}

export interface TestQueue {
  queue: Queue;
  send(records: AnalyticsRecord[]): Promise<string>;
  close(): Promise<void>;
}

export function analyticsQueue(redisUrl: string, redisPrefix: string): TestQueue {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(ANALYTICS_QUEUE, {
    connection,
    prefix: redisKeys(redisPrefix).bullPrefix,
  });
  return {
    queue,
    async send(records) {
      const job = await queue.add(ANALYTICS_JOB_NAME, { records }, ANALYTICS_JOB_OPTIONS);
      return job.id!;
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** Polls `check` until it returns true; fails with `what` and the last `describe()` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => Promise<string> = async () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} ${await describe().catch(() => '')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
