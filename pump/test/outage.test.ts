// FerretDB stopped for 30 seconds while records keep coming: once it is back, none is lost or counted twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyticsRecord } from '@turnpike/common';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, startFerretDB, type Store } from '../../scripts/lib/stores';
import { testStores, type TestStores } from '../../test/support/stores';
import { comparable, readAggregates, readRawRecords, recount } from './support/aggregates';
import { spawnPump, type PumpProcess } from './support/pump-process';
import { analyticsQueue, makeRecord, waitFor, type TestQueue } from './support/records';

// A FerretDB of this file's own, so stopping it disturbs no other test.
let dir: string;
let port: number;
let ferret: Store | undefined;
let stores: TestStores;
let queue: TestQueue;
let pump: PumpProcess | undefined;

const startFerret = async () =>
  (ferret = await startFerretDB({ dataDir: join(dir, 'ferretdb'), port }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'turnpike-outage-'));
  port = await freePort();
  await startFerret();
  stores = await testStores('pump-outage');
  queue = analyticsQueue(stores.redisUrl, stores.redisPrefix);
});

afterAll(async () => {
  await pump?.stop('SIGKILL');
  await queue?.close();
  await stores?.cleanup();
  await ferret?.stop?.();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps every record sent while MongoDB was down', { timeout: 240_000 }, async () => {
  const url = `mongodb://127.0.0.1:${port}/outage`;
  pump = spawnPump({
    MONGODB_URL: url,
    REDIS_URL: stores.redisUrl,
    TURNPIKE_REDIS_PREFIX: stores.redisPrefix,
  });
  await pump.consuming;

  // The gateway's pace: a batch about every 250 ms, for the whole test.
  const sent: AnalyticsRecord[] = [];
  let producing = true;
  const producer = (async () => {
    for (let i = 0; producing; i++) {
      const records = Array.from({ length: 20 }, (_, j) =>
        makeRecord({
          apiId: j % 2 ? 'httpbin' : 'orders',
          keyId: j % 4 === 0 ? 'k_outage001' : null,
          status: j % 5 ? 200 : 500,
          latencyMs: j,
        }),
      );
      sent.push(...records);
      await queue.send(records);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();

  const mongo = new MongoClient(url, { serverSelectionTimeoutMS: 2000 });
  const db = mongo.db('outage');
  try {
    await waitFor(
      'records flowing before the outage',
      async () => (await db.collection('analytics').countDocuments()) > 100,
      30_000,
    );
    await ferret!.stop!();
    const stoppedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    const sentDuringOutage = sent.length;
    await startFerret();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    producing = false;
    await producer;
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(30_000);
    expect(sent.length).toBeGreaterThan(sentDuringOutage);

    await waitFor(
      'every record stored and counted after the outage',
      async () => {
        if ((await db.collection('analytics').countDocuments()) !== sent.length) return false;
        if ((await db.collection('analytics_pending').countDocuments()) !== 0) return false;
        let hits = 0;
        for (const [key, metrics] of await readAggregates(db))
          if (key.startsWith('day|') && key.endsWith('|all')) hits += metrics.hits;
        return hits === sent.length;
      },
      120_000,
      async () => `${JSON.stringify(await queue.queue.getJobCounts())}\n${pump!.output()}`,
    );
    const stored = await readRawRecords(db);
    expect(new Set(stored.map((r) => r.id)).size).toBe(sent.length);
    expect(comparable(await readAggregates(db))).toEqual(comparable(recount(sent)));
    expect(await queue.queue.getFailedCount()).toBe(0);
    expect(pump.output()).toMatch(/MongoDB unreachable/);
  } finally {
    producing = false;
    await mongo.close();
  }
});
