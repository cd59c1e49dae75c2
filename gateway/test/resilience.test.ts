// The gateway keeps serving when stores fail: snapshot start without MongoDB, 503 without Redis, clean drain on SIGTERM.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ANALYTICS_QUEUE, redisKeys } from '@turnpike/common';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startFerretDB } from '../../scripts/lib/stores';
import { testStores, type TestStores } from '../../test/support/stores';
import {
  gatewayEnvVars,
  seedApi,
  seedKey,
  startGateway,
  startGatewayProcess,
} from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

const ROOT = resolve(import.meta.dirname, '..', '..');
let stores: TestStores;
let upstream: Upstream;

beforeAll(async () => {
  stores = await testStores('gwresilience');
  upstream = await startUpstream();
});

afterAll(async () => {
  await upstream?.close();
  await stores?.cleanup();
});

describe('gateway resilience', () => {
  it('starts from its snapshot, ready, when MongoDB is down, and reloads when it is back', async () => {
    const dir = stores.tempDir('snap');
    const port = await freePort();
    let ferret = await startFerretDB({ dataDir: join(dir, 'db'), port });
    const mongodbUrl = `mongodb://127.0.0.1:${port}/snap`;
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(mongodbUrl);
    await client
      .db()
      .collection('apis')
      .insertOne({
        _id: 'snap' as never,
        id: 'snap',
        name: 'Snap',
        listenPath: '/snap',
        upstream: { targets: [{ url: upstream.url }] },
      });
    await client.close();
    const vars = await gatewayEnvVars(stores, { MONGODB_URL: mongodbUrl });
    const first = await startGatewayProcess(vars);
    expect((await fetch(`${first.url}/snap/x`)).status).toBe(200);
    await first.stop();
    const snapshot = JSON.parse(
      readFileSync(join(vars.TURNPIKE_DATA_DIR!, 'gateway-snapshot.json'), 'utf8'),
    ) as { apis: { id: string }[] };
    expect(snapshot.apis.map((api) => api.id)).toEqual(['snap']);

    await ferret.stop!();
    const second = await startGatewayProcess(vars);
    try {
      const ready = (await (await fetch(`${second.controlUrl}/ready`)).json()) as {
        source: string;
      };
      expect(ready.source).toBe('snapshot');
      expect((await fetch(`${second.url}/snap/x`)).status).toBe(200);
      expect(second.output()).toContain('serving the snapshot');
      ferret = await startFerretDB({ dataDir: join(dir, 'db'), port });
      const deadline = Date.now() + 15_000;
      let source = 'snapshot';
      while (source !== 'mongodb' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        source = ((await (await fetch(`${second.controlUrl}/ready`)).json()) as { source: string })
          .source;
      }
      expect(source).toBe('mongodb');
    } finally {
      await second.stop();
      await ferret.stop!();
    }
  });

  it('is not ready without MongoDB and without a snapshot', async () => {
    const vars = await gatewayEnvVars(stores, {
      MONGODB_URL: `mongodb://127.0.0.1:${await freePort()}/none`,
    });
    const gw = await startGateway(vars);
    try {
      expect((await fetch(`${gw.controlUrl}/ready`)).status).toBe(503);
      expect((await fetch(`${gw.controlUrl}/health`)).status).toBe(200);
      const res = await fetch(`${gw.url}/anything`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'gateway.not_ready',
      );
    } finally {
      await gw.stop();
    }
  });

  it('answers 503 quickly for limited keys when Redis is down, and keeps keyless APIs serving', async () => {
    await seedApi(stores, {
      id: 'open',
      name: 'Open',
      listenPath: '/open',
      upstream: { targets: [{ url: upstream.url }] },
    });
    await seedApi(stores, {
      id: 'keyed',
      name: 'Keyed',
      listenPath: '/keyed',
      auth: { type: 'key' },
      upstream: { targets: [{ url: upstream.url }] },
    });
    const { raw } = await seedKey(
      stores,
      { alias: 'limited', apis: ['keyed'], rateLimit: { rate: 10, per: 60 } },
      { redis: false },
    );
    const gw = await startGateway(
      await gatewayEnvVars(stores, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` }),
    );
    try {
      expect((await fetch(`${gw.url}/open/x`)).status).toBe(200);
      const started = Date.now();
      const res = await fetch(`${gw.url}/keyed/x`, { headers: { 'x-api-key': raw } });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'store.unavailable',
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await gw.stop();
    }
  });

  it('drains in-flight requests and flushes analytics on SIGTERM', async () => {
    await seedApi(stores, {
      id: 'open',
      name: 'Open',
      listenPath: '/open',
      upstream: { targets: [{ url: upstream.url }] },
    });
    const vars = await gatewayEnvVars(stores);
    const gw = await startGatewayProcess(vars);
    const slow = fetch(`${gw.url}/open/slow?ms=800`, { headers: { 'x-gtxid': 'drain-me' } });
    await new Promise((r) => setTimeout(r, 200));
    const exit = gw.kill('SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('slow');
    expect(await exit).toBe(0);
    const queue = new Queue(ANALYTICS_QUEUE, {
      connection: stores.redis,
      prefix: redisKeys(stores.redisPrefix).bullPrefix,
    });
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
    const records = jobs.flatMap(
      (job) =>
        (job.data as { records: { gtxid: string; status: number; apiId: string }[] }).records,
    );
    expect(records.find((r) => r.gtxid === 'drain-me')).toMatchObject({
      status: 200,
      apiId: 'open',
    });
  });

  it('serves a declarative file with no MongoDB, hashing its keys', async () => {
    const dir = stores.tempDir('decl');
    const file = join(dir, 'turnpike.json');
    writeFileSync(
      file,
      JSON.stringify({
        apis: [
          {
            id: 'decl',
            name: 'Decl',
            listenPath: '/decl',
            auth: { type: 'key' },
            upstream: { targets: [{ url: upstream.url }] },
          },
        ],
        keys: [
          { id: 'k_declared01', alias: 'd', key: 'declared-raw-key-0123456789', apis: ['decl'] },
        ],
      }),
    );
    const vars = await gatewayEnvVars(stores, { GATEWAY_CONFIG_FILE: file, MONGODB_URL: '' });
    const gw = await startGatewayProcess(vars);
    try {
      expect(
        (
          await fetch(`${gw.url}/decl/x`, {
            headers: { 'x-api-key': 'declared-raw-key-0123456789' },
          })
        ).status,
      ).toBe(200);
      expect(
        (await fetch(`${gw.url}/decl/x`, { headers: { 'x-api-key': 'wrong-key-0123456789' } }))
          .status,
      ).toBe(401);
      expect(gw.output()).not.toContain('declared-raw-key');
    } finally {
      await gw.stop();
    }
  });

  it.each([
    [{ GATEWAY_PORT: 'abc' }, 'GATEWAY_PORT'],
    [{ REDIS_URL: 'http://nope' }, 'REDIS_URL'],
    [{ GATEWAY_SECRET: 'short' }, 'GATEWAY_SECRET'],
    [{ GATEWAY_TRUSTED_PROXIES: 'not-a-cidr' }, 'GATEWAY_TRUSTED_PROXIES'],
    [{ MONGODB_URL: '' }, 'MONGODB_URL'],
  ])('stops at start with one line naming the bad variable %o', async (bad, name) => {
    const vars = { ...(await gatewayEnvVars(stores)), ...bad };
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'gateway/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...vars, GATEWAY_CONFIG_FILE: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
