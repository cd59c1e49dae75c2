// GET /api/analytics and GET /api/logs on a real `next start`, over records the real pump stored.
import type { AnalyticsRecord } from '@turnpike/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyticsQueue,
  makeRecord,
  waitFor,
  type TestQueue,
} from '../../pump/test/support/records';
import { startPump, type Pump } from '../../pump/src/pump';
import { testStores, type TestStores } from '../../test/support/stores';
import { adminClient, startDashboard, type RunningDashboard } from './support/dashboard-server';

let stores: TestStores;
let dashboard: RunningDashboard;
let pump: Pump;
let queue: TestQueue;
let admin: ReturnType<typeof adminClient>;

const T0 = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;
const at = (seconds: number) => T0 + seconds * 1000;
const known: AnalyticsRecord[] = [
  makeRecord({
    ts: at(1),
    apiId: 'alpha',
    keyId: 'k_alpha0001',
    status: 200,
    latencyMs: 3,
    bytesOut: 100,
    path: '/alpha/users/7',
  }),
  makeRecord({
    ts: at(2),
    apiId: 'alpha',
    keyId: 'k_alpha0001',
    status: 200,
    latencyMs: 6,
    bytesOut: 100,
    path: '/alpha/users/8',
  }),
  makeRecord({
    ts: at(3),
    apiId: 'alpha',
    keyId: 'k_alpha0001',
    status: 200,
    latencyMs: 12,
    bytesOut: 100,
    path: '/alpha/users/9',
  }),
  makeRecord({
    ts: at(4),
    apiId: 'alpha',
    keyId: 'k_alpha0001',
    status: 200,
    latencyMs: 40,
    bytesOut: 100,
    path: '/alpha/orders',
  }),
  makeRecord({
    ts: at(5),
    apiId: 'alpha',
    keyId: null,
    status: 404,
    latencyMs: 2,
    bytesOut: 50,
    path: '/alpha/missing',
  }),
  makeRecord({
    ts: at(6),
    apiId: 'alpha',
    keyId: 'k_alpha0001',
    status: 429,
    latencyMs: 0.3,
    upstreamLatencyMs: null,
    bytesOut: 80,
    errorCode: 'rate_limit.exceeded',
  }),
  makeRecord({
    ts: at(61),
    apiId: 'beta',
    keyId: 'k_beta00001',
    status: 500,
    latencyMs: 150,
    bytesOut: 20,
    path: '/beta/pay',
  }),
  makeRecord({
    ts: at(62),
    apiId: 'beta',
    keyId: 'k_beta00001',
    status: 500,
    latencyMs: 180,
    bytesOut: 20,
    path: '/beta/pay',
  }),
  makeRecord({
    ts: at(63),
    apiId: 'beta',
    keyId: 'k_beta00001',
    status: 201,
    method: 'POST',
    latencyMs: 30,
    bytesIn: 900,
    bytesOut: 20,
    path: '/beta/pay',
  }),
  makeRecord({
    ts: at(64),
    apiId: null,
    keyId: null,
    status: 404,
    latencyMs: 0.2,
    upstreamLatencyMs: null,
    bytesOut: 80,
    errorCode: 'route.not_found',
    path: '/nowhere',
  }),
];

beforeAll(async () => {
  stores = await testStores('dashboard-analytics');
  pump = await startPump({
    mongodbUrl: stores.mongodbDbUrl,
    dbName: stores.dbName,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
    concurrency: 2,
    retentionDays: 30,
  });
  queue = analyticsQueue(stores.redisUrl, stores.redisPrefix);
  await queue.send(known.slice(0, 5));
  await queue.send(known.slice(5));
  dashboard = await startDashboard({
    mongodbUrl: stores.mongodbDbUrl,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
  });
  admin = adminClient(dashboard.url, await dashboard.login());
  await waitFor(
    'the records to be counted',
    async () =>
      (await admin('GET', `/api/analytics?from=${T0}&to=${T0 + 120_000}`)).body?.totals?.hits ===
      10,
    30_000,
  );
}, 240_000);

afterAll(async () => {
  await dashboard?.stop();
  await pump?.stop();
  await queue?.close();
  await stores?.cleanup();
});

describe('GET /api/analytics', () => {
  it('needs credentials', async () => {
    expect((await adminClient(dashboard.url)('GET', '/api/analytics')).status).toBe(401);
  });

  it('answers totals and a per-minute series for all APIs', async () => {
    const { status, body } = await admin(
      'GET',
      `/api/analytics?from=${new Date(T0).toISOString()}&to=${T0 + 120_000}&granularity=minute`,
    );
    expect(status).toBe(200);
    expect(body.granularity).toBe('minute');
    expect(body.totals).toMatchObject({
      hits: 10,
      errors: 5,
      status2xx: 5,
      status4xx: 3,
      status5xx: 2,
      bytesIn: 900,
      bytesOut: 670,
      // Latencies 0.2 0.3 2 3 6 | 12 30 40 150 180: the 5th falls in the "up to 10 ms" bucket.
      latencyP50Ms: 10,
      latencyP95Ms: 200,
      latencyP99Ms: 200,
      statusCodes: { '200': 4, '201': 1, '404': 2, '429': 1, '500': 2 },
      errorCodes: { 'rate_limit.exceeded': 1, 'route.not_found': 1 },
    });
    expect(body.series.map((p: { ts: number; hits: number }) => [p.ts, p.hits])).toEqual([
      [T0, 6],
      [T0 + 60_000, 4],
    ]);
    expect(body.series[1]).toMatchObject({ errors: 3, status5xx: 2, latencyP99Ms: 200 });
  });

  it('fills buckets without traffic with zeros', async () => {
    const { body } = await admin(
      'GET',
      `/api/analytics?from=${T0 - 120_000}&to=${T0 + 180_000}&granularity=minute`,
    );
    expect(body.series.map((p: { hits: number }) => p.hits)).toEqual([0, 0, 6, 4, 0]);
    expect(body.series[0]).toMatchObject({ errors: 0, latencyP50Ms: null, bytesIn: 0 });
  });

  it('narrows to one API, one key, or a key on one API', async () => {
    const range = `from=${T0}&to=${T0 + 120_000}`;
    expect((await admin('GET', `/api/analytics?${range}&apiId=alpha`)).body.totals).toMatchObject({
      hits: 6,
      errors: 2,
      status2xx: 4,
    });
    expect(
      (await admin('GET', `/api/analytics?${range}&keyId=k_alpha0001`)).body.totals,
    ).toMatchObject({ hits: 5, errors: 1, bytesOut: 480 });
    expect(
      (await admin('GET', `/api/analytics?${range}&keyId=k_beta00001&apiId=beta`)).body.totals,
    ).toMatchObject({ hits: 3, status5xx: 2 });
    expect(
      (await admin('GET', `/api/analytics?${range}&keyId=k_beta00001&apiId=alpha`)).body.totals
        .hits,
    ).toBe(0);
  });

  it('lists the top endpoints with ids folded, per API or for all', async () => {
    const range = `from=${T0}&to=${T0 + 120_000}`;
    const alpha = (await admin('GET', `/api/analytics?${range}&apiId=alpha`)).body.topEndpoints;
    expect(alpha[0]).toEqual({ apiId: 'alpha', endpoint: 'GET /alpha/users/:id', hits: 3 });
    const all = (await admin('GET', `/api/analytics?${range}`)).body.topEndpoints;
    expect(all).toEqual(
      expect.arrayContaining([
        { apiId: 'beta', endpoint: 'GET /beta/pay', hits: 2 },
        { apiId: 'beta', endpoint: 'POST /beta/pay', hits: 1 },
      ]),
    );
    expect(
      (await admin('GET', `/api/analytics?${range}&keyId=k_alpha0001`)).body.topEndpoints,
    ).toEqual([]);
  });

  it('picks the granularity to fit the range: hours for the last 24 hours by default', async () => {
    const { body } = await admin('GET', '/api/analytics');
    expect(body.granularity).toBe('hour');
    expect(body.series.length).toBeGreaterThanOrEqual(24);
    expect(body.totals.hits).toBe(10);
    expect(
      (await admin('GET', `/api/analytics?from=${Date.now() - 30 * 86_400_000}`)).body.granularity,
    ).toBe('day');
  });

  it.each([
    ['from=yesterday', 'from'],
    ['from=2025-01-02T00:00:00', 'from'],
    [`from=${T0}&to=${T0 - 1}`, 'to'],
    [`from=${Date.now() - 30 * 86_400_000}&granularity=minute`, 'granularity'],
    ['granularity=week', 'granularity'],
    ['apiId=', 'apiId'],
  ])('refuses %s with the field that failed', async (query, path) => {
    const { status, body } = await admin('GET', `/api/analytics?${query}`);
    expect(status).toBe(400);
    expect(body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
  });
});

describe('GET /api/logs', () => {
  const ids = (items: AnalyticsRecord[]) => items.map((r) => r.id);
  const newestFirst = [...known].sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : -1));

  it('answers records newest first, whole', async () => {
    const { status, body } = await admin('GET', `/api/logs?from=${T0}&to=${T0 + 120_000}`);
    expect(status).toBe(200);
    expect(ids(body.items)).toEqual(ids(newestFirst));
    expect(body.items[0]).toEqual(newestFirst[0]);
    expect(body.nextCursor).toBeNull();
  });

  it('pages by cursor without repeats or gaps while newer records arrive', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/logs?from=${T0}&to=${T0 + 120_000}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const { body } = await admin('GET', query);
      seen.push(...ids(body.items));
      cursor = body.nextCursor;
      pages += 1;
      // A record newer than the listing arrives between pages.
      if (pages === 1) await queue.send([makeRecord({ ts: at(90), apiId: 'alpha' })]);
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(ids(newestFirst));
  });

  it.each([
    ['apiId=beta', known.filter((r) => r.apiId === 'beta')],
    ['keyId=k_alpha0001', known.filter((r) => r.keyId === 'k_alpha0001')],
    ['status=404', known.filter((r) => r.status === 404)],
    ['status=5xx', known.filter((r) => r.status >= 500)],
    [`gtxid=${known[3]!.gtxid}`, [known[3]!]],
  ])('filters by %s', async (filter, expected) => {
    const { body } = await admin('GET', `/api/logs?from=${T0}&to=${T0 + 80_000}&${filter}`);
    expect(ids(body.items).sort()).toEqual(ids(expected).sort());
  });

  it.each([
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['status=abc', 'status'],
    ['status=6xx', 'status'],
    ['limit=1000', 'limit'],
    ['from=soon', 'from'],
  ])('refuses %s with the field that failed', async (query, path) => {
    const { status, body } = await admin('GET', `/api/logs?${query}`);
    expect(status).toBe(400);
    expect(body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
  });
});
