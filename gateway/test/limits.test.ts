// Limits are exact across gateway processes sharing Redis, and quotas survive a gateway restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { gatewayEnvVars, seedApi, seedKey, startGatewayProcess } from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

let stores: TestStores;
let upstream: Upstream;

beforeAll(async () => {
  stores = await testStores('gwlimits');
  upstream = await startUpstream();
  const target = { targets: [{ url: upstream.url }] };
  await seedApi(stores, {
    id: 'fifty',
    name: 'Fifty',
    listenPath: '/fifty',
    rateLimit: { rate: 50, per: 3600 },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'keyed',
    name: 'Keyed',
    listenPath: '/keyed',
    auth: { type: 'key' },
    upstream: target,
  });
});

afterAll(async () => {
  await upstream?.close();
  await stores?.cleanup();
});

async function burst(
  urls: string[],
  total: number,
  headers?: Record<string, string>,
): Promise<number[]> {
  return Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const res = await fetch(urls[i % urls.length]!, { headers });
      await res.arrayBuffer();
      return res.status;
    }),
  );
}

describe('limits across gateways', () => {
  it('accepts exactly 50 of 200 concurrent requests through two gateway processes', async () => {
    const [a, b] = await Promise.all([
      gatewayEnvVars(stores).then(startGatewayProcess),
      gatewayEnvVars(stores).then(startGatewayProcess),
    ]);
    try {
      const statuses = await burst([`${a.url}/fifty/x`, `${b.url}/fifty/x`], 200);
      expect(statuses.filter((s) => s === 200)).toHaveLength(50);
      expect(statuses.filter((s) => s === 429)).toHaveLength(150);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('applies a per-key limit exactly across two gateways, and the quota beside it', async () => {
    const { raw } = await seedKey(stores, {
      alias: 'shared',
      apis: ['keyed'],
      rateLimit: { rate: 30, per: 3600 },
      quota: { max: 1000, renewalSeconds: 3600 },
    });
    const [a, b] = await Promise.all([
      gatewayEnvVars(stores).then(startGatewayProcess),
      gatewayEnvVars(stores).then(startGatewayProcess),
    ]);
    try {
      const statuses = await burst([`${a.url}/keyed/x`, `${b.url}/keyed/x`], 120, {
        'x-api-key': raw,
      });
      expect(statuses.filter((s) => s === 200)).toHaveLength(30);
      const res = await fetch(`${a.url}/keyed/x`, { headers: { 'x-api-key': raw } });
      expect(res.status).toBe(429);
      // Only the 30 accepted requests count against the quota.
      expect(res.headers.get('x-quota-remaining')).toBe('970');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('keeps a quota across a gateway restart and renews it on time', async () => {
    const { raw } = await seedKey(stores, {
      alias: 'q',
      apis: ['keyed'],
      quota: { max: 3, renewalSeconds: 3600 },
    });
    const renewing = await seedKey(stores, {
      alias: 'r',
      apis: ['keyed'],
      quota: { max: 1, renewalSeconds: 1 },
    });
    const vars = await gatewayEnvVars(stores);
    const first = await startGatewayProcess(vars);
    const call = async (url: string, key = raw) => {
      const res = await fetch(`${url}/keyed/q`, { headers: { 'x-api-key': key } });
      await res.arrayBuffer();
      return {
        status: res.status,
        remaining: res.headers.get('x-quota-remaining'),
        retryAfter: res.headers.get('retry-after'),
      };
    };
    try {
      expect(await call(first.url)).toMatchObject({ status: 200, remaining: '2' });
      expect(await call(first.url)).toMatchObject({ status: 200, remaining: '1' });
    } finally {
      expect(await first.kill('SIGTERM')).toBe(0);
    }
    const second = await startGatewayProcess(vars);
    try {
      expect(await call(second.url)).toMatchObject({ status: 200, remaining: '0' });
      const refused = await call(second.url);
      expect(refused).toMatchObject({ status: 429, remaining: '0' });
      expect(Number(refused.retryAfter)).toBeGreaterThan(3500);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3600);

      expect(await call(second.url, renewing.raw)).toMatchObject({ status: 200, remaining: '0' });
      const resetAt = Number(
        await stores.redis.hget(`${stores.redisPrefix}quota:${renewing.record.id}`, 'resetAt'),
      );
      if (resetAt - Date.now() > 100)
        expect(await call(second.url, renewing.raw)).toMatchObject({ status: 429 });
      await new Promise((r) => setTimeout(r, Math.max(0, resetAt - Date.now()) + 50));
      expect(await call(second.url, renewing.raw)).toMatchObject({ status: 200, remaining: '0' });
    } finally {
      await second.stop();
    }
  });
});
