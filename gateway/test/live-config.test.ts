// Changes published by the dashboard take effect on every gateway within a second; Redis is restored from MongoDB.
import { redisKeys, signEvent } from '@turnpike/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { freePort } from '../../scripts/lib/stores';
import {
  gatewayEnvVars,
  publish,
  seedApi,
  seedKey,
  seedPolicy,
  startGateway,
  waitUntil,
  type RunningGateway,
} from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

let stores: TestStores;
let upstream: Upstream;
let a: RunningGateway;
let b: RunningGateway;

beforeAll(async () => {
  stores = await testStores('gwlive');
  upstream = await startUpstream();
  await seedApi(stores, {
    id: 'keyed',
    name: 'Keyed',
    listenPath: '/keyed',
    auth: { type: 'key' },
    upstream: { targets: [{ url: upstream.url }] },
  });
  a = await startGateway(await gatewayEnvVars(stores));
  b = await startGateway(await gatewayEnvVars(stores));
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await upstream?.close();
  await stores?.cleanup();
});

const status = async (url: string, headers?: Record<string, string>) => {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return res.status;
};

describe('live configuration', () => {
  it('serves a new API on every gateway within a second of the notice', async () => {
    expect(await status(`${a.url}/fresh/x`)).toBe(404);
    await seedApi(stores, {
      id: 'fresh',
      name: 'Fresh',
      listenPath: '/fresh',
      upstream: { targets: [{ url: upstream.url }] },
    });
    const published = Date.now();
    await publish(stores, { type: 'config.changed' });
    await waitUntil(
      async () =>
        (await status(`${a.url}/fresh/x`)) === 200 && (await status(`${b.url}/fresh/x`)) === 200,
      1000,
      20,
    );
    expect(Date.now() - published).toBeLessThan(1000);
  });

  it('ignores a notice that is not signed with the gateway secret', async () => {
    await seedApi(stores, {
      id: 'sneaky',
      name: 'Sneaky',
      listenPath: '/sneaky',
      upstream: { targets: [{ url: upstream.url }] },
    });
    await stores.redis.publish(
      redisKeys(stores.redisPrefix).eventsChannel,
      signEvent({ type: 'config.changed' }, 'not-the-secret-0123456789abcdefgh'),
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(await status(`${a.url}/sneaky/x`)).toBe(404);
  });

  it('stops a revoked key on both gateways within a second, under load', async () => {
    const { raw, record } = await seedKey(stores, { alias: 'doomed', apis: ['keyed'] });
    const headers = { 'x-api-key': raw };
    expect(await status(`${a.url}/keyed/x`, headers)).toBe(200);
    expect(await status(`${b.url}/keyed/x`, headers)).toBe(200);
    let revokedAt = 0;
    const lastSuccess = { a: 0, b: 0 };
    let running = true;
    const load = (name: 'a' | 'b', url: string) =>
      (async () => {
        while (running) {
          const code = await status(`${url}/keyed/x`, headers);
          if (code === 200) lastSuccess[name] = Date.now();
          else expect(code).toBe(401);
        }
      })();
    const workers = [load('a', a.url), load('a', a.url), load('b', b.url), load('b', b.url)];
    await new Promise((r) => setTimeout(r, 300));
    // Revoke as the dashboard does: MongoDB first, then the Redis session, then the notice.
    await stores.mongo
      .db(stores.dbName)
      .collection('keys')
      .deleteOne({ _id: record.id as never });
    await stores.redis.del(redisKeys(stores.redisPrefix).session(record.hash));
    revokedAt = Date.now();
    await publish(stores, { type: 'key.changed', hash: record.hash });
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await Promise.all(workers);
    expect(lastSuccess.a).toBeGreaterThan(0);
    expect(lastSuccess.b).toBeGreaterThan(0);
    expect(lastSuccess.a - revokedAt).toBeLessThan(1000);
    expect(lastSuccess.b - revokedAt).toBeLessThan(1000);
    expect(await status(`${a.url}/keyed/x`, headers)).toBe(401);
    expect(await status(`${b.url}/keyed/x`, headers)).toBe(401);
  });

  it('restores a session from MongoDB when Redis has lost it', async () => {
    const { raw, record } = await seedKey(
      stores,
      { alias: 'lost', apis: ['keyed'] },
      { redis: false },
    );
    const sessionKey = redisKeys(stores.redisPrefix).session(record.hash);
    expect(await stores.redis.exists(sessionKey)).toBe(0);
    expect(await status(`${a.url}/keyed/x`, { 'x-api-key': raw })).toBe(200);
    expect(JSON.parse((await stores.redis.get(sessionKey))!)).toMatchObject({
      id: record.id,
      hash: record.hash,
    });
  });

  it('keeps circuit state across a reload that leaves the upstream unchanged', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    await seedApi(stores, {
      id: 'fragile',
      name: 'Fragile',
      listenPath: '/fragile',
      upstream: {
        targets: [{ url: dead }],
        circuitBreaker: { failureThreshold: 1, resetAfterMs: 60_000 },
      },
    });
    await publish(stores, { type: 'config.changed' });
    await waitUntil(async () => (await status(`${a.url}/fragile/x`)) === 502, 10_000, 20);
    expect(await status(`${a.url}/fragile/x`)).toBe(503);
    await seedApi(stores, {
      id: 'bystander',
      name: 'Bystander',
      listenPath: '/bystander',
      upstream: { targets: [{ url: upstream.url }] },
    });
    await publish(stores, { type: 'config.changed' });
    await waitUntil(async () => (await status(`${a.url}/bystander/x`)) === 200, 10_000, 20);
    expect(await status(`${a.url}/fragile/x`)).toBe(503);
  });

  it('applies a policy change to the keys on it', async () => {
    await seedPolicy(stores, {
      id: 'gold',
      name: 'Gold',
      apis: ['keyed'],
      rateLimit: { rate: 100, per: 60 },
    });
    await publish(stores, { type: 'config.changed' });
    const { raw } = await seedKey(stores, { alias: 'member', policyId: 'gold' });
    await waitUntil(
      async () => (await status(`${a.url}/keyed/x`, { 'x-api-key': raw })) === 200,
      1000,
      20,
    );
    const before = await fetch(`${a.url}/keyed/x`, { headers: { 'x-api-key': raw } });
    expect(before.headers.get('x-ratelimit-limit')).toBe('100');
    await seedPolicy(stores, {
      id: 'gold',
      name: 'Gold',
      apis: [],
      rateLimit: { rate: 100, per: 60 },
    });
    await publish(stores, { type: 'config.changed' });
    await waitUntil(
      async () => (await status(`${a.url}/keyed/x`, { 'x-api-key': raw })) === 403,
      1000,
      20,
    );
  });
});
