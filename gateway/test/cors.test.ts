// CORS at the gateway: preflights answered before auth, allow headers on simple requests, credentials never with "*".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiDefinitionSchema, fieldErrors } from '@turnpike/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import {
  gatewayEnvVars,
  seedApi,
  seedKey,
  startGateway,
  type RunningGateway,
} from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

const APP = 'https://app.example';
const ADMIN = 'https://admin.example';
const EVIL = 'https://evil.example';

let stores: TestStores;
let upstream: Upstream;
let gw: RunningGateway;
let key: string;
/** An upstream that does its own CORS, as many do: "*" and a Vary of its own. */
let corsUpstream: Server;

beforeAll(async () => {
  stores = await testStores('gwcors');
  upstream = await startUpstream();
  corsUpstream = createServer((_req, res) => {
    res
      .writeHead(200, {
        'access-control-allow-origin': '*',
        'access-control-allow-credentials': 'false',
        vary: 'Accept-Encoding',
      })
      .end('ok');
  });
  await new Promise<void>((resolve) => corsUpstream.listen(0, '127.0.0.1', resolve));
  const corsTarget = {
    targets: [{ url: `http://127.0.0.1:${(corsUpstream.address() as AddressInfo).port}` }],
  };
  const target = { targets: [{ url: upstream.url }] };
  await seedApi(stores, {
    id: 'open',
    name: 'Any origin',
    listenPath: '/open',
    cors: { enabled: true },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'named',
    name: 'Named origins',
    listenPath: '/named',
    auth: { type: 'key' },
    cors: {
      enabled: true,
      allowedOrigins: [APP, ADMIN],
      allowedMethods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'X-Custom'],
      exposedHeaders: ['X-Request-Cost', 'X-Upstream'],
      maxAgeSeconds: 120,
    },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'cred',
    name: 'Credentials',
    listenPath: '/cred',
    cors: { enabled: true, allowedOrigins: [APP, ADMIN], allowCredentials: true, maxAgeSeconds: 0 },
    upstream: target,
  });
  await seedApi(stores, { id: 'off', name: 'No CORS', listenPath: '/off', upstream: target });
  await seedApi(stores, {
    id: 'limited',
    name: 'Limited',
    listenPath: '/limited',
    rateLimit: { rate: 1, per: 60 },
    cors: { enabled: true },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'owncors',
    name: 'Upstream with its own CORS',
    listenPath: '/owncors',
    cors: { enabled: true, allowedOrigins: [APP], allowCredentials: true },
    upstream: corsTarget,
  });
  await seedApi(stores, {
    id: 'owncorscached',
    name: 'Upstream with its own CORS, cached',
    listenPath: '/owncors-cached',
    cors: { enabled: true, allowedOrigins: [APP] },
    cache: { enabled: true },
    upstream: corsTarget,
  });
  key = (await seedKey(stores, { alias: 'cors', apis: ['named'] })).raw;
  gw = await startGateway(await gatewayEnvVars(stores));
});

afterAll(async () => {
  await gw?.stop();
  await upstream?.close();
  await new Promise((resolve) => corsUpstream?.close(resolve));
  await stores?.cleanup();
});

function preflight(
  path: string,
  origin: string,
  method = 'POST',
  requestHeaders?: string,
): Promise<Response> {
  const headers: Record<string, string> = { origin, 'access-control-request-method': method };
  if (requestHeaders) headers['access-control-request-headers'] = requestHeaders;
  return fetch(gw.url + path, { method: 'OPTIONS', headers });
}

const varyOf = (res: Response) =>
  (res.headers.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase());

describe('preflight', () => {
  it('answers 204 with the configured methods, headers and max age, before auth and without the upstream', async () => {
    const before = upstream.seen.length;
    const res = await preflight('/named/orders', APP, 'POST', 'authorization, x-custom');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, X-Custom');
    expect(res.headers.get('access-control-max-age')).toBe('120');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(varyOf(res)).toContain('origin');
    expect(res.headers.get('x-gtxid')).toBeTruthy();
    expect(await res.text()).toBe('');
    // The second allowed origin is echoed as itself.
    const admin = await preflight('/named/orders', ADMIN, 'GET');
    expect(admin.status).toBe(204);
    expect(admin.headers.get('access-control-allow-origin')).toBe(ADMIN);
    expect(upstream.seen.length).toBe(before);
  });

  it('answers "*" for any origin when the API allows any, with the default methods and headers', async () => {
    const res = await preflight('/open/x', 'https://anyone.example', 'PUT');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe(
      'GET, HEAD, POST, PUT, PATCH, DELETE',
    );
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, X-API-Key',
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });

  it('refuses a preflight from an origin that is not allowed, however close it looks', async () => {
    const before = upstream.seen.length;
    for (const origin of [
      EVIL,
      'https://app.example.evil.example',
      'http://app.example',
      'https://app.example:8443',
      'null',
      'https://evilapp.example',
    ]) {
      const res = await preflight('/named/orders', origin);
      expect(res.status, origin).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code, origin).toBe(
        'cors.origin_denied',
      );
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(res.headers.get('access-control-allow-methods'), origin).toBeNull();
      expect(varyOf(res), origin).toContain('origin');
    }
    expect(upstream.seen.length).toBe(before);
  });

  it('with credentials, echoes the origin and allows credentials, never "*"', async () => {
    const res = await preflight('/cred/x', APP, 'DELETE');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-max-age')).toBe('0');
    expect(varyOf(res)).toContain('origin');
    expect((await preflight('/cred/x', EVIL)).status).toBe(403);
  });

  it('an OPTIONS request that is not a preflight goes through the chain like any other', async () => {
    const unauthenticated = await fetch(`${gw.url}/named/x`, {
      method: 'OPTIONS',
      headers: { origin: APP },
    });
    expect(unauthenticated.status).toBe(401);
    const before = upstream.seen.length;
    const open = await fetch(`${gw.url}/open/x`, { method: 'OPTIONS', headers: { origin: APP } });
    expect(open.status).toBe(200);
    expect(upstream.seen.slice(before).map((s) => s.method)).toEqual(['OPTIONS']);
  });

  it('preflights use up no rate limit', async () => {
    for (let i = 0; i < 3; i++) expect((await preflight('/limited/x', APP)).status).toBe(204);
    const res = await fetch(`${gw.url}/limited/x`, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('leaves CORS to the upstream when the API does not enable it', async () => {
    const before = upstream.seen.length;
    const res = await preflight('/off/x', APP);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(upstream.seen.slice(before).map((s) => s.method)).toEqual(['OPTIONS']);
  });
});

describe('actual requests', () => {
  it('a simple request from an allowed origin gets Access-Control-Allow-Origin and the exposed headers', async () => {
    const res = await fetch(`${gw.url}/named/x`, { headers: { origin: APP, 'x-api-key': key } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Cost, X-Upstream');
    expect(varyOf(res)).toContain('origin');
    expect(((await res.json()) as { headers: Record<string, string> }).headers.origin).toBe(APP);
    const any = await fetch(`${gw.url}/open/x`, { headers: { origin: EVIL } });
    expect(any.status).toBe(200);
    expect(any.headers.get('access-control-allow-origin')).toBe('*');
    expect(any.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a gateway error to an allowed origin still carries the CORS headers, so the page can read it', async () => {
    const res = await fetch(`${gw.url}/named/x`, { headers: { origin: ADMIN } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(ADMIN);
    expect(varyOf(res)).toContain('origin');
  });

  it('a request from an origin that is not allowed gets no CORS headers', async () => {
    const res = await fetch(`${gw.url}/named/x`, { headers: { origin: EVIL, 'x-api-key': key } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
    expect(varyOf(res)).toContain('origin');
  });

  it('a request without Origin gets no CORS headers, but Vary: Origin for shared caches', async () => {
    const res = await fetch(`${gw.url}/open/x`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(varyOf(res)).toContain('origin');
  });

  it('with credentials, each origin gets itself back with Allow-Credentials, never "*"', async () => {
    for (const origin of [APP, ADMIN]) {
      const res = await fetch(`${gw.url}/cred/x`, { headers: { origin, cookie: 'session=1' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    }
    const evil = await fetch(`${gw.url}/cred/x`, {
      headers: { origin: EVIL, cookie: 'session=1' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('an upstream that answers CORS itself', () => {
  it("the gateway's CORS headers replace the upstream's: one Allow-Origin, the echoed origin", async () => {
    const res = await fetch(`${gw.url}/owncors/x`, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    // fetch joins repeated headers with ", ": two Allow-Origin values would show here, and browsers refuse them.
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(varyOf(res)).toEqual(expect.arrayContaining(['origin', 'accept-encoding']));
  });

  it("a cached response gets the requesting origin's CORS headers, not the upstream's, on a miss and on a hit", async () => {
    for (const expected of ['MISS', 'HIT']) {
      const res = await fetch(`${gw.url}/owncors-cached/x`, { headers: { origin: APP } });
      expect(res.headers.get('x-cache')).toBe(expected);
      expect(res.headers.get('access-control-allow-origin'), expected).toBe(APP);
      await res.text();
      await new Promise((r) => setTimeout(r, 50)); // the cache write is not awaited by the response
    }
  });

  it('an origin the gateway does not allow gets no Allow-Origin, whatever the upstream says', async () => {
    const res = await fetch(`${gw.url}/owncors/x`, { headers: { origin: EVIL } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('schema', () => {
  const base = {
    id: 'c',
    name: 'C',
    listenPath: '/c',
    upstream: { targets: [{ url: 'http://127.0.0.1:9' }] },
  };

  it('refuses allowCredentials with "*" among the origins', () => {
    for (const allowedOrigins of [['*'], [APP, '*'], undefined]) {
      const parsed = apiDefinitionSchema.safeParse({
        ...base,
        cors: { enabled: true, allowCredentials: true, allowedOrigins },
      });
      expect(parsed.success, JSON.stringify(allowedOrigins)).toBe(false);
      if (!parsed.success)
        expect(fieldErrors(parsed.error).map((f) => f.path)).toContain('cors.allowedOrigins');
    }
  });

  it('accepts credentials with named origins, and "*" without credentials', () => {
    expect(
      apiDefinitionSchema.safeParse({
        ...base,
        cors: { enabled: true, allowCredentials: true, allowedOrigins: [APP] },
      }).success,
    ).toBe(true);
    expect(
      apiDefinitionSchema.safeParse({ ...base, cors: { enabled: true, allowedOrigins: ['*'] } })
        .success,
    ).toBe(true);
  });
});
