// Every row of the contract's response table, every header, against a real gateway, upstream, Redis and FerretDB.
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { freePort } from '../../scripts/lib/stores';
import {
  gatewayEnvVars,
  seedApi,
  seedKey,
  startGateway,
  type RunningGateway,
} from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

let stores: TestStores;
let upstream: Upstream;
let gw: RunningGateway;
let keys: Record<string, string>;

beforeAll(async () => {
  stores = await testStores('gwcontract');
  upstream = await startUpstream();
  const target = { targets: [{ url: upstream.url }] };
  const deadPort = await freePort();
  await seedApi(stores, { id: 'open', name: 'Open', listenPath: '/open', upstream: target });
  await seedApi(stores, {
    id: 'keyed',
    name: 'Keyed',
    listenPath: '/keyed/',
    auth: { type: 'key' },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'limited',
    name: 'Limited',
    listenPath: '/limited',
    rateLimit: { rate: 2, per: 60 },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'denied',
    name: 'Denied',
    listenPath: '/denied',
    ipDenyList: ['127.0.0.0/8', '::1'],
    upstream: target,
  });
  await seedApi(stores, {
    id: 'allowed',
    name: 'Allowed',
    listenPath: '/allowed',
    ipAllowList: ['10.0.0.0/8'],
    upstream: target,
  });
  await seedApi(stores, {
    id: 'dead',
    name: 'Dead',
    listenPath: '/dead',
    upstream: { targets: [{ url: `http://127.0.0.1:${deadPort}` }] },
  });
  await seedApi(stores, {
    id: 'slow',
    name: 'Slow',
    listenPath: '/slowapi',
    upstream: { ...target, timeoutMs: 200 },
  });
  await seedApi(stores, {
    id: 'breaker',
    name: 'Breaker',
    listenPath: '/breaker',
    upstream: {
      targets: [{ url: `http://127.0.0.1:${deadPort}` }],
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 },
    },
  });
  await seedApi(stores, {
    id: 'cached',
    name: 'Cached',
    listenPath: '/cached',
    cache: { enabled: true, ttlSeconds: 60 },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'private',
    name: 'Internal',
    listenPath: '/private-api',
    internal: true,
    upstream: target,
  });
  await seedApi(stores, {
    id: 'nostrip',
    name: 'No strip',
    listenPath: '/keep',
    stripListenPath: false,
    upstream: target,
  });
  await seedApi(stores, {
    id: 'inactive',
    name: 'Off',
    listenPath: '/off',
    active: false,
    upstream: target,
  });
  keys = {
    good: (
      await seedKey(stores, {
        alias: 'good',
        apis: ['keyed'],
        rateLimit: { rate: 100, per: 60 },
        quota: { max: 1000, renewalSeconds: 3600 },
      })
    ).raw,
    quota: (
      await seedKey(stores, {
        alias: 'quota',
        apis: ['keyed'],
        quota: { max: 2, renewalSeconds: 3600 },
      })
    ).raw,
    rate: (
      await seedKey(stores, { alias: 'rate', apis: ['keyed'], rateLimit: { rate: 1, per: 60 } })
    ).raw,
    other: (await seedKey(stores, { alias: 'other', apis: ['open'] })).raw,
    expired: (
      await seedKey(stores, { alias: 'old', apis: ['keyed'], expiresAt: '2020-01-01T00:00:00Z' })
    ).raw,
    inactive: (await seedKey(stores, { alias: 'off', apis: ['keyed'], active: false })).raw,
  };
  gw = await startGateway(await gatewayEnvVars(stores));
});

afterAll(async () => {
  await gw?.stop();
  await upstream?.close();
  await stores?.cleanup();
});

interface Case {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string | undefined>;
  base?: 'external' | 'internal';
  status: number;
  code?: string;
  has?: string[];
  lacks?: string[];
  equals?: Record<string, string>;
}

const cases = (): Case[] => [
  {
    name: 'keyless API proxies',
    path: '/open/anything?q=1',
    status: 200,
    lacks: ['x-ratelimit-limit', 'x-cache'],
  },
  {
    name: 'listen path matches whole segments only',
    path: '/openx',
    status: 404,
    code: 'route.not_found',
  },
  { name: 'no API at this path', path: '/nothing-here', status: 404, code: 'route.not_found' },
  { name: 'inactive API is not served', path: '/off/x', status: 404, code: 'route.not_found' },
  { name: 'key missing', path: '/keyed/x', status: 401, code: 'auth.key_missing' },
  {
    name: 'key unknown',
    path: '/keyed/x',
    headers: { 'x-api-key': 'tp_unknown_key_value_123456' },
    status: 401,
    code: 'auth.key_invalid',
  },
  {
    name: 'key expired',
    path: '/keyed/x',
    headers: { 'x-api-key': keys.expired! },
    status: 401,
    code: 'auth.key_invalid',
  },
  {
    name: 'key inactive',
    path: '/keyed/x',
    headers: { authorization: keys.inactive! },
    status: 401,
    code: 'auth.key_invalid',
  },
  {
    name: 'valid key without access',
    path: '/keyed/x',
    headers: { authorization: `Bearer ${keys.other}` },
    status: 403,
    code: 'auth.forbidden',
  },
  {
    name: 'valid key, raw Authorization',
    path: '/keyed/x',
    headers: { authorization: keys.good! },
    status: 200,
    equals: {
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '99',
      'x-quota-limit': '1000',
      'x-quota-remaining': '999',
      'x-quota-reset': '3600',
    },
    has: ['x-ratelimit-reset'],
  },
  {
    name: 'valid key, Bearer',
    path: '/keyed/x',
    headers: { authorization: `Bearer ${keys.good}` },
    status: 200,
    equals: { 'x-quota-remaining': '998' },
  },
  {
    name: 'valid key, X-API-Key',
    path: '/keyed/x',
    headers: { 'x-api-key': keys.good! },
    status: 200,
    equals: { 'x-quota-remaining': '997' },
  },
  {
    name: 'quota 1 of 2',
    path: '/keyed/q',
    headers: { 'x-api-key': keys.quota! },
    status: 200,
    equals: { 'x-quota-remaining': '1' },
  },
  {
    name: 'quota 2 of 2',
    path: '/keyed/q',
    headers: { 'x-api-key': keys.quota! },
    status: 200,
    equals: { 'x-quota-remaining': '0' },
  },
  {
    name: 'quota used up',
    path: '/keyed/q',
    headers: { 'x-api-key': keys.quota! },
    status: 429,
    code: 'quota.exceeded',
    has: ['retry-after'],
    equals: { 'x-quota-remaining': '0' },
  },
  {
    name: 'key rate 1 of 1',
    path: '/keyed/r',
    headers: { 'x-api-key': keys.rate! },
    status: 200,
    equals: { 'x-ratelimit-remaining': '0' },
  },
  {
    name: 'key rate limit reached',
    path: '/keyed/r',
    headers: { 'x-api-key': keys.rate! },
    status: 429,
    code: 'rate_limit.exceeded',
    has: ['retry-after'],
  },
  {
    name: 'API rate 1 of 2',
    path: '/limited/a',
    status: 200,
    equals: { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' },
  },
  {
    name: 'API rate 2 of 2',
    path: '/limited/a',
    status: 200,
    equals: { 'x-ratelimit-remaining': '0' },
  },
  {
    name: 'API rate limit reached',
    path: '/limited/a',
    status: 429,
    code: 'rate_limit.exceeded',
    has: ['retry-after', 'x-ratelimit-reset'],
  },
  { name: 'client IP denied', path: '/denied/x', status: 403, code: 'ip.denied' },
  { name: 'client IP not in allow list', path: '/allowed/x', status: 403, code: 'ip.denied' },
  { name: 'upstream refused', path: '/dead/x', status: 502, code: 'upstream.unavailable' },
  {
    name: 'upstream timed out',
    path: '/slowapi/slow?ms=3000',
    status: 504,
    code: 'upstream.timeout',
  },
  { name: 'breaker failure 1', path: '/breaker/x', status: 502, code: 'upstream.unavailable' },
  {
    name: 'breaker failure 2 opens it',
    path: '/breaker/x',
    status: 502,
    code: 'upstream.unavailable',
  },
  { name: 'circuit open', path: '/breaker/x', status: 503, code: 'upstream.circuit_open' },
  { name: 'cache miss', path: '/cached/item?x=1', status: 200, equals: { 'x-cache': 'MISS' } },
  { name: 'malformed path', path: '/open/%2F..%2F', status: 400, code: 'request.invalid' },
  {
    name: 'internal API hidden outside',
    path: '/private-api/x',
    status: 404,
    code: 'route.not_found',
  },
  { name: 'internal API served inside', base: 'internal', path: '/private-api/x', status: 200 },
  {
    name: 'external API not on internal listener',
    base: 'internal',
    path: '/open/x',
    status: 404,
    code: 'route.not_found',
  },
];

describe('gateway response contract', () => {
  it('answers every case of the table as the contract says', async () => {
    for (const c of cases()) {
      const base = c.base === 'internal' ? gw.internalUrl : gw.url;
      const res = await fetch(base + c.path, {
        method: c.method ?? 'GET',
        headers: c.headers as Record<string, string>,
      });
      const text = await res.text();
      const where = `${c.name}: ${c.path} -> ${res.status} ${text.slice(0, 200)}`;
      expect(res.status, where).toBe(c.status);
      expect(res.headers.get('x-gtxid'), where).toMatch(/^[0-9a-f]{28}$/);
      if (c.code) {
        const body = JSON.parse(text) as {
          error: { code: string; message: string };
          gtxid: string;
        };
        expect(body.error.code, where).toBe(c.code);
        expect(body.error.message, where).toBeTruthy();
        expect(body.gtxid, where).toBe(res.headers.get('x-gtxid'));
        expect(res.headers.get('content-type'), where).toBe('application/json');
      }
      for (const h of c.has ?? [])
        expect(res.headers.get(h), `${where} header ${h}`).not.toBeNull();
      for (const h of c.lacks ?? []) expect(res.headers.get(h), `${where} header ${h}`).toBeNull();
      for (const [h, v] of Object.entries(c.equals ?? {}))
        expect(res.headers.get(h), `${where} header ${h}`).toBe(v);
    }
  });

  it('serves a cached response as a HIT without calling the upstream', async () => {
    const first = await fetch(`${gw.url}/cached/hit-me`);
    const body = await first.text();
    expect(first.headers.get('x-cache')).toBe('MISS');
    const before = upstream.seen.length;
    await new Promise((r) => setTimeout(r, 50));
    const second = await fetch(`${gw.url}/cached/hit-me`);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await second.text()).toBe(body);
    expect(upstream.seen.length).toBe(before);
  });

  it('never caches no-store or private responses', async () => {
    for (const path of ['/cached/nostore', '/cached/private']) {
      const a = await (await fetch(gw.url + path)).text();
      await new Promise((r) => setTimeout(r, 50));
      const res = await fetch(gw.url + path);
      expect(res.headers.get('x-cache')).toBe('MISS');
      expect(await res.text()).not.toBe(a);
    }
  });

  it('keeps an incoming X-Gtxid, passes it and the next hop number upstream', async () => {
    const res = await fetch(`${gw.url}/open/trace`, {
      headers: { 'x-gtxid': 'trace-abc-123', 'x-ltxid': '2' },
    });
    expect(res.headers.get('x-gtxid')).toBe('trace-abc-123');
    const echoed = (await res.json()) as { headers: Record<string, string> };
    expect(echoed.headers['x-gtxid']).toBe('trace-abc-123');
    expect(echoed.headers['x-ltxid']).toBe('3');
  });

  it('sets a fresh gtxid and hop 1 when the request has none, and forwarding headers', async () => {
    // fetch() may not send Connection, so this one goes through node:http.
    const { headers, body } = await new Promise<{ headers: IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const req = request(
          `${gw.url}/open/fresh`,
          { headers: { connection: 'keep-alive, x-secret-hop', 'x-secret-hop': 'drop-me' } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ headers: res.headers, body: text }));
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    const echoed = JSON.parse(body) as { url: string; headers: Record<string, string> };
    expect(echoed.headers['x-gtxid']).toBe(headers['x-gtxid']);
    expect(echoed.headers['x-ltxid']).toBe('1');
    expect(echoed.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echoed.headers['x-forwarded-proto']).toBe('http');
    expect(echoed.headers['x-forwarded-host']).toBe(new URL(gw.url).host);
    expect(echoed.headers['x-secret-hop']).toBeUndefined();
    expect(echoed.url).toBe('/fresh');
  });

  it('appends the socket peer to an incoming X-Forwarded-For chain', async () => {
    const res = await fetch(`${gw.url}/open/chain`, { headers: { 'x-forwarded-for': '10.9.9.9' } });
    const echoed = (await res.json()) as { headers: Record<string, string> };
    expect(echoed.headers['x-forwarded-for']).toBe('10.9.9.9, 127.0.0.1');
  });

  it('strips the listen path only when configured', async () => {
    const stripped = (await (await fetch(`${gw.url}/open/a/b/?x=1`)).json()) as { url: string };
    expect(stripped.url).toBe('/a/b/?x=1');
    const kept = (await (await fetch(`${gw.url}/keep/a?y=2`)).json()) as { url: string };
    expect(kept.url).toBe('/keep/a?y=2');
  });

  it('rejected requests use up neither rate limit nor quota', async () => {
    await seedApi(stores, {
      id: 'shared',
      name: 'Shared',
      listenPath: '/shared',
      auth: { type: 'key' },
      rateLimit: { rate: 1, per: 60 },
      upstream: { targets: [{ url: upstream.url }] },
    });
    await fetch(`${gw.controlUrl}/reload`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-gateway-secret-0123456789abcdef' },
    });
    const first = await seedKey(stores, { alias: 'first', apis: ['shared'] });
    const strict = await seedKey(stores, {
      alias: 'strict',
      apis: ['shared'],
      rateLimit: { rate: 10, per: 60 },
      quota: { max: 5, renewalSeconds: 3600 },
    });
    expect(
      (await fetch(`${gw.url}/shared/a`, { headers: { 'x-api-key': first.raw } })).status,
    ).toBe(200);
    // The API's shared limit is used up: the rejected calls must not touch the key's own limit or quota.
    for (let i = 0; i < 3; i++)
      expect(
        (await fetch(`${gw.url}/shared/a`, { headers: { 'x-api-key': strict.raw } })).status,
      ).toBe(429);
    expect(await stores.redis.exists(`${stores.redisPrefix}quota:${strict.record.id}`)).toBe(0);
    expect(await stores.redis.exists(`${stores.redisPrefix}rl:key:${strict.record.id}`)).toBe(0);
  });

  it('exposes Prometheus metrics behind the secret, health and readiness without', async () => {
    expect((await fetch(`${gw.controlUrl}/health`)).status).toBe(200);
    expect((await fetch(`${gw.controlUrl}/ready`)).status).toBe(200);
    expect((await fetch(`${gw.controlUrl}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${gw.controlUrl}/metrics`, { headers: { authorization: 'Bearer wrong' } }))
        .status,
    ).toBe(401);
    const res = await fetch(`${gw.controlUrl}/metrics`, {
      headers: { authorization: 'Bearer test-gateway-secret-0123456789abcdef' },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/turnpike_requests_total\{api="open",status="200"\} \d+/);
    expect(text).toMatch(
      /turnpike_upstream_errors_total\{api="dead",code="upstream.unavailable"\} 1/,
    );
    expect(text).toContain('turnpike_request_duration_seconds_bucket{le="+Inf"}');
    expect(text).toContain('turnpike_analytics_dropped_total 0');
  });
});
