// How the launcher (and the compose health checks) tell that a service is ready.
import { ANALYTICS_QUEUE, redisKeys } from '@turnpike/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** True when GET url answers 200 within a couple of seconds. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** A probe of the pump: is any BullMQ worker registered on the analytics queue under this prefix? */
export function analyticsWorkerProbe(redisUrl: string, redisPrefix: string) {
  // Fail fast rather than queue commands while Redis is away: a probe must answer, not hang.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  connection.on('error', () => undefined); // a Redis that is not up yet only means "not ready"
  const queue = new Queue(ANALYTICS_QUEUE, {
    connection,
    prefix: redisKeys(redisPrefix).bullPrefix,
  });
  return {
    async ready(): Promise<boolean> {
      try {
        return (await queue.getWorkers()).length > 0;
      } catch {
        return false;
      }
    },
    async close(): Promise<void> {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}

/** Polls `check` until it is true; throws `message` after timeoutMs. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  message: string,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
