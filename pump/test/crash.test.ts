// A pump killed with SIGKILL mid-batch and started again: every record stored once, aggregates equal a recount.
import type { AnalyticsRecord } from '@turnpike/common';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { comparable, readAggregates, readRawRecords, recount } from './support/aggregates';
import { spawnPump, type PumpProcess } from './support/pump-process';
import { analyticsQueue, makeRecord, waitFor, type TestQueue } from './support/records';

let stores: TestStores;
let queue: TestQueue;
const running: PumpProcess[] = [];

beforeAll(async () => {
  stores = await testStores('pump-crash');
  queue = analyticsQueue(stores.redisUrl, stores.redisPrefix);
});

afterAll(async () => {
  for (const pump of running) await pump.stop('SIGKILL');
  await queue?.close();
  await stores?.cleanup();
});

function startPump(): PumpProcess {
  const pump = spawnPump({
    MONGODB_URL: stores.mongodbDbUrl,
    REDIS_URL: stores.redisUrl,
    TURNPIKE_REDIS_PREFIX: stores.redisPrefix,
  });
  running.push(pump);
  return pump;
}

it('loses and double-counts nothing across two SIGKILLs', { timeout: 240_000 }, async () => {
  const db = stores.mongo.db(stores.dbName);
  const raw = db.collection('analytics');
  const base = Date.now() - 30 * 60_000;
  const sent: AnalyticsRecord[] = [];
  for (let b = 0; b < 60; b++) {
    const records = Array.from({ length: 500 }, (_, i) =>
      makeRecord({
        ts: base + b * 20_000 + i * 10,
        apiId: ['httpbin', 'orders'][i % 2]!,
        keyId: i % 3 === 0 ? `k_crashkey${i % 7}` : null,
        status: [200, 200, 204, 404, 429, 502][i % 6]!,
        latencyMs: (i * 7) % 900,
        bytesOut: i,
      }),
    );
    sent.push(...records);
    await queue.send(records);
  }

  // Kill it twice while batches are in flight, at different points of the stream.
  for (const atLeast of [3_000, 12_000]) {
    const pump = startPump();
    await pump.consuming;
    await waitFor(
      `${atLeast} raw records`,
      async () => (await raw.estimatedDocumentCount()) >= atLeast,
      120_000,
      async () => pump.output(),
    );
    const active = await queue.queue.getActiveCount();
    expect(await pump.stop('SIGKILL')).toBe('SIGKILL');
    expect(active).toBeGreaterThan(0);
  }
  const unfinished = await queue.queue.getJobCounts('waiting', 'active');
  expect(unfinished.waiting! + unfinished.active!).toBeGreaterThan(0);

  const last = startPump();
  await last.consuming;
  await waitFor(
    'every record stored and counted',
    async () => {
      const counts = await queue.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      if (counts.waiting! + counts.active! + counts.delayed! > 0) return false;
      if ((await raw.countDocuments()) !== sent.length) return false;
      if ((await db.collection('analytics_pending').countDocuments()) !== 0) return false;
      const buckets = await readAggregates(db);
      let hits = 0;
      for (const [key, metrics] of buckets)
        if (key.startsWith('day|') && key.endsWith('|all')) hits += metrics.hits;
      return hits === sent.length;
    },
    150_000,
    async () => `${JSON.stringify(await queue.queue.getJobCounts())}\n${last.output()}`,
  );

  const stored = await readRawRecords(db);
  expect(new Set(stored.map((r) => r.id)).size).toBe(sent.length);
  expect(comparable(await readAggregates(db))).toEqual(comparable(recount(stored)));
  expect(comparable(recount(stored))).toEqual(comparable(recount(sent)));
  expect(await queue.queue.getFailedCount()).toBe(0);
});
