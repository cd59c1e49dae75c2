// JWT auth against a real gateway: HS256, RS256 and ES256 over a cached JWKS, claims, policies, and the usual attacks.
import { createHmac, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  errors,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
  type KeyObject,
} from 'jose';
import { redisKeys } from '@turnpike/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { JwksUnavailableError, remoteKeySet } from '../src/middleware/auth-jwt';
import {
  gatewayEnvVars,
  seedApi,
  seedPolicy,
  startGateway,
  waitUntil,
  type RunningGateway,
} from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

const SECRET = 'hs256-shared-secret-for-tests-0123456789';
const ISSUER = 'https://issuer.turnpike.test';
const AUDIENCE = 'turnpike-tests';

let stores: TestStores;
let upstream: Upstream;
let gw: RunningGateway;
let jwks: { url: string; hits: () => number; close: () => Promise<void> };
let rsaPrivate: CryptoKey;
let rsaPublicPem: string;
/** The same RSA private key as a KeyObject, which jose lets sign with any RSA algorithm (WebCrypto keys are bound to one). */
let rsaAnyAlg: KeyObject;
let ecPrivate: CryptoKey;
let otherEcPrivate: CryptoKey;
/** A JWKS with the same key as `jwks`, served only while `idpUp` is true. */
let flaky: typeof jwks;
let idpUp = false;

const hsKey = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A JWKS endpoint that counts how often it is fetched, and answers 500 while `up` says false. */
async function startJwks(keys: object[], up: () => boolean = () => true): Promise<typeof jwks> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    if (!up()) res.writeHead(500).end('identity provider down');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface TokenOptions {
  alg?: string;
  kid?: string;
  claims?: JWTPayload;
  /** Leave out exp altogether. */
  noExp?: boolean;
}

/** A token with sane defaults (sub, iss, aud, exp in an hour) that each case overrides. */
async function sign(
  key: CryptoKey | KeyObject | Uint8Array,
  options: TokenOptions = {},
): Promise<string> {
  const claims: JWTPayload = {
    sub: 'alice',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    ...(options.noExp ? {} : { exp: now() + 3600 }),
    ...options.claims,
  };
  const header = { alg: options.alg ?? 'HS256', ...(options.kid ? { kid: options.kid } : {}) };
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

const b64 = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An HMAC token built by hand, so any bytes can be the "secret" (the RSA key-confusion attack). */
function hmacToken(secret: string | Buffer, claims: JWTPayload, alg = 'HS256'): string {
  const signingInput = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

const validClaims = (): JWTPayload => ({
  sub: 'alice',
  iss: ISSUER,
  aud: AUDIENCE,
  exp: now() + 3600,
});

async function call(path: string, token?: string, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  else if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return fetch(gw.url + path, { headers });
}

async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { error?: { code: string } };
  return body.error?.code;
}

beforeAll(async () => {
  stores = await testStores('gwjwt');
  upstream = await startUpstream();
  const rsa = await generateKeyPair('RS256', { extractable: true });
  rsaPrivate = rsa.privateKey;
  rsaPublicPem = await exportSPKI(rsa.publicKey);
  rsaAnyAlg = createPrivateKey(await exportPKCS8(rsa.privateKey));
  const ec = await generateKeyPair('ES256');
  ecPrivate = ec.privateKey;
  otherEcPrivate = (await generateKeyPair('ES256')).privateKey;
  const ecJwk = { ...(await exportJWK(ec.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' };
  jwks = await startJwks([ecJwk]);
  flaky = await startJwks([ecJwk], () => idpUp);

  const target = { targets: [{ url: upstream.url }] };
  await seedPolicy(stores, {
    id: 'gold',
    name: 'Gold',
    rateLimit: { rate: 3, per: 60 },
    quota: { max: 100, renewalSeconds: 3600 },
  });
  await seedPolicy(stores, { id: 'silver', name: 'Silver', rateLimit: { rate: 50, per: 60 } });
  await seedPolicy(stores, {
    id: 'retired',
    name: 'Retired',
    active: false,
    rateLimit: { rate: 50, per: 60 },
  });
  await seedPolicy(stores, {
    id: 'rs-only',
    name: 'RS only',
    apis: ['rs'],
    rateLimit: { rate: 50, per: 60 },
  });
  await seedApi(stores, {
    id: 'hs',
    name: 'HS256',
    listenPath: '/hs',
    auth: {
      type: 'jwt',
      algorithms: ['HS256'],
      secret: SECRET,
      issuer: ISSUER,
      audience: AUDIENCE,
    },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'rs',
    name: 'RS256',
    listenPath: '/rs',
    auth: { type: 'jwt', algorithms: ['RS256'], publicKey: rsaPublicPem, issuer: ISSUER },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'es',
    name: 'ES256 JWKS',
    listenPath: '/es',
    auth: {
      type: 'jwt',
      algorithms: ['ES256'],
      jwksUrl: jwks.url,
      audience: AUDIENCE,
      defaultPolicyId: 'silver',
    },
    upstream: target,
  });
  await seedApi(stores, {
    id: 'esdown',
    name: 'ES256, identity provider down',
    listenPath: '/esdown',
    auth: { type: 'jwt', algorithms: ['ES256'], jwksUrl: flaky.url },
    upstream: target,
  });
  gw = await startGateway(await gatewayEnvVars(stores));
});

afterAll(async () => {
  await gw?.stop();
  await jwks?.close();
  await flaky?.close();
  await upstream?.close();
  await stores?.cleanup();
});

describe('valid tokens', () => {
  it('HS256 with issuer and audience passes, and the pol claim applies its rate limit and quota', async () => {
    const token = await sign(hsKey, { claims: { sub: 'hs-gold', pol: 'gold' } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call('/hs/anything', token);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(res.headers.get('x-quota-limit')).toBe('100');
      expect(res.headers.get('x-quota-remaining')).toBe(String(99 - i));
      expect(res.headers.get('x-ratelimit-reset')).not.toBeNull();
      remaining.push(res.headers.get('x-ratelimit-remaining')!);
      await res.body?.cancel();
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await call('/hs/anything', token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(await errorCode(limited)).toBe('rate_limit.exceeded');
    // Limits are per subject: another caller on the same policy has its own.
    const other = await call(
      '/hs/anything',
      await sign(hsKey, { claims: { sub: 'hs-gold-2', pol: 'gold' } }),
    );
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('a token without a pol claim has no per-caller limit unless the API names a default policy', async () => {
    const res = await call('/hs/x', await sign(hsKey, { claims: { sub: 'plain' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    const echoed = (await res.json()) as { url: string };
    expect(echoed.url).toBe('/x');
    const es = await call(
      '/es/x',
      await sign(ecPrivate, { alg: 'ES256', kid: 'es-1', claims: { sub: 'plain' } }),
    );
    expect(es.status).toBe(200);
    expect(es.headers.get('x-ratelimit-limit')).toBe('50');
  });

  it('RS256 with a static public key passes', async () => {
    const res = await call(
      '/rs/x',
      await sign(rsaPrivate, { alg: 'RS256', claims: { sub: 'rs-user', pol: 'silver' } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('50');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('49');
  });

  it('ES256 through a JWKS URL passes, and the JWKS is fetched once for many requests', async () => {
    const before = jwks.hits();
    expect(before).toBeLessThanOrEqual(1);
    const tokens = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sign(ecPrivate, { alg: 'ES256', kid: 'es-1', claims: { sub: `es-${i}`, pol: 'silver' } }),
      ),
    );
    const concurrent = await Promise.all(tokens.map((t) => call('/es/item', t)));
    for (const res of concurrent) {
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    for (const token of tokens) {
      const res = await call('/es/item', token);
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    // Tokens naming keys the JWKS lacks must not turn into a fetch per request either.
    for (let i = 0; i < 5; i++) {
      const res = await call(
        '/es/item',
        await sign(otherEcPrivate, {
          alg: 'ES256',
          kid: `unknown-${i}`,
          claims: { pol: 'silver' },
        }),
      );
      expect(res.status).toBe(401);
      await res.body?.cancel();
    }
    expect(jwks.hits()).toBe(1);
  });
});

describe('attacks and bad tokens', () => {
  interface Case {
    name: string;
    path: string;
    token?: () => Promise<string> | string;
    authorization?: string;
    status: number;
    code: string;
  }
  const INVALID = 'auth.key_invalid';
  const MISSING = 'auth.key_missing';
  const cases: Case[] = [
    {
      name: 'alg none, no signature',
      path: '/hs/x',
      token: () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(validClaims())}.`,
      status: 401,
      code: INVALID,
    },
    {
      name: 'alg None, no signature',
      path: '/rs/x',
      token: () => `${b64({ alg: 'None' })}.${b64(validClaims())}.`,
      status: 401,
      code: INVALID,
    },
    {
      name: 'alg NONE without the trailing dot',
      path: '/es/x',
      token: () => `${b64({ alg: 'NONE' })}.${b64(validClaims())}`,
      status: 401,
      code: INVALID,
    },
    {
      name: 'alg none with a valid HS256 signature appended',
      path: '/hs/x',
      token: () => {
        const signed = hmacToken(SECRET, validClaims());
        return `${b64({ alg: 'none' })}.${b64(validClaims())}.${signed.split('.')[2]}`;
      },
      status: 401,
      code: INVALID,
    },
    {
      name: 'key confusion: HS256 signed with the RSA public key PEM',
      path: '/rs/x',
      token: () => hmacToken(rsaPublicPem, validClaims()),
      status: 401,
      code: INVALID,
    },
    {
      name: 'key confusion: HS256 with the PEM, trimmed',
      path: '/rs/x',
      token: () => hmacToken(rsaPublicPem.trim(), validClaims()),
      status: 401,
      code: INVALID,
    },
    {
      name: 'wrong HS256 secret',
      path: '/hs/x',
      token: () => hmacToken('another-secret-of-the-same-length-0123', validClaims()),
      status: 401,
      code: INVALID,
    },
    {
      name: 'signature of another token',
      path: '/hs/x',
      token: async () => {
        const [h, , s] = (await sign(hsKey)).split('.');
        return `${h}.${b64({ ...validClaims(), sub: 'admin' })}.${s}`;
      },
      status: 401,
      code: INVALID,
    },
    {
      name: 'RS256 signed by another key pair',
      path: '/rs/x',
      token: () => {
        const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return sign(other.privateKey, { alg: 'RS256' });
      },
      status: 401,
      code: INVALID,
    },
    {
      name: 'ES256 by a key the JWKS lacks, same kid',
      path: '/es/x',
      token: () => sign(otherEcPrivate, { alg: 'ES256', kid: 'es-1' }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'expired',
      path: '/hs/x',
      token: () => sign(hsKey, { claims: { exp: now() - 120 } }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'not yet valid (nbf in an hour)',
      path: '/hs/x',
      token: () => sign(hsKey, { claims: { nbf: now() + 3600 } }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'missing exp',
      path: '/hs/x',
      token: () => sign(hsKey, { noExp: true }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'missing exp (RS256)',
      path: '/rs/x',
      token: () => sign(rsaPrivate, { alg: 'RS256', noExp: true }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'wrong issuer',
      path: '/hs/x',
      token: () => sign(hsKey, { claims: { iss: 'https://evil.test' } }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'no issuer',
      path: '/rs/x',
      token: () => sign(rsaPrivate, { alg: 'RS256', claims: { iss: undefined } }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'wrong audience',
      path: '/hs/x',
      token: () => sign(hsKey, { claims: { aud: 'someone-else' } }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'wrong audience (JWKS)',
      path: '/es/x',
      token: () => sign(ecPrivate, { alg: 'ES256', kid: 'es-1', claims: { aud: ['a', 'b'] } }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'no subject',
      path: '/hs/x',
      token: () => sign(hsKey, { claims: { sub: undefined } }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'HS512 with the right secret on an HS256 API',
      path: '/hs/x',
      token: () => sign(hsKey, { alg: 'HS512' }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'PS256 with the right key on an RS256 API',
      path: '/rs/x',
      token: () => sign(rsaAnyAlg, { alg: 'PS256' }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'RS512 with the right key on an RS256 API',
      path: '/rs/x',
      token: () => sign(rsaAnyAlg, { alg: 'RS512' }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'HS256 token on the ES256 API',
      path: '/es/x',
      token: () => sign(hsKey, { kid: 'es-1' }),
      status: 401,
      code: INVALID,
    },
    {
      name: 'valid RS256 token on the HS256 API',
      path: '/hs/x',
      token: () => sign(rsaPrivate, { alg: 'RS256' }),
      status: 401,
      code: INVALID,
    },
    { name: 'garbage', path: '/hs/x', token: () => 'not-a-jwt', status: 401, code: INVALID },
    {
      name: 'three garbage parts',
      path: '/rs/x',
      token: () => 'aaaa.bbbb.cccc',
      status: 401,
      code: INVALID,
    },
    { name: 'JWE-shaped', path: '/hs/x', token: () => 'a.b.c.d.e', status: 401, code: INVALID },
    {
      name: 'header that is not JSON',
      path: '/es/x',
      token: () => `${b64('{alg')}.${b64(validClaims())}.sig`,
      status: 401,
      code: INVALID,
    },
    { name: 'empty bearer', path: '/hs/x', authorization: 'Bearer ', status: 401, code: MISSING },
    { name: 'bare Bearer', path: '/rs/x', authorization: 'Bearer', status: 401, code: MISSING },
    {
      name: 'Basic credentials',
      path: '/hs/x',
      authorization: 'Basic YWxpY2U6c2VjcmV0',
      status: 401,
      code: MISSING,
    },
    { name: 'no Authorization', path: '/es/x', status: 401, code: MISSING },
    {
      name: 'pol names an unknown policy',
      path: '/hs/x',
      token: () => sign(hsKey, { claims: { pol: 'platinum' } }),
      status: 403,
      code: 'auth.forbidden',
    },
    {
      name: 'pol names an inactive policy',
      path: '/rs/x',
      token: () => sign(rsaPrivate, { alg: 'RS256', claims: { pol: 'retired' } }),
      status: 403,
      code: 'auth.forbidden',
    },
    {
      name: 'pol names a policy for other APIs',
      path: '/hs/x',
      token: () => sign(hsKey, { claims: { pol: 'rs-only' } }),
      status: 403,
      code: 'auth.forbidden',
    },
  ];

  it(`refuses each of ${cases.length} bad tokens with the contract's code, and never reaches the upstream`, async () => {
    const before = upstream.seen.length;
    for (const c of cases) {
      const token = c.token ? await c.token() : undefined;
      const res = await call(c.path, token, c.authorization);
      const code = await errorCode(res);
      expect.soft(res.status, c.name).toBe(c.status);
      expect.soft(code, c.name).toBe(c.code);
    }
    expect(upstream.seen.length).toBe(before);
  });

  it('a refused token uses up none of its subject’s rate limit or quota', async () => {
    const keys = redisKeys(stores.redisPrefix);
    const victim = { sub: 'victim', pol: 'gold' };
    for (const claims of [
      { ...victim, exp: now() - 120 },
      { ...victim, iss: 'https://evil.test' },
    ]) {
      expect((await call('/hs/x', await sign(hsKey, { claims }))).status).toBe(401);
    }
    expect(
      (await call('/hs/x', hmacToken('wrong-secret', { ...validClaims(), ...victim }))).status,
    ).toBe(401);
    expect(
      await stores.redis.exists(keys.rateLimit('key', 'jwt:victim'), keys.quota('jwt:victim')),
    ).toBe(0);
    const ok = await call('/hs/x', await sign(hsKey, { claims: victim }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(ok.headers.get('x-quota-remaining')).toBe('99');
  });
});

describe('JWKS outage', () => {
  it('answers 503 store.unavailable, not 401, while the JWKS cannot be fetched, without a fetch per request', async () => {
    idpUp = false;
    const before = flaky.hits();
    const token = await sign(ecPrivate, { alg: 'ES256', kid: 'es-1' });
    for (let i = 0; i < 5; i++) {
      const res = await call('/esdown/x', token);
      expect(res.status).toBe(503);
      expect(await errorCode(res)).toBe('store.unavailable');
    }
    expect(flaky.hits() - before).toBe(1);
  });

  it('a key set fetches again once the retry pause is over, and keeps the last keys while a refresh fails', async () => {
    const keys = remoteKeySet(new URL(flaky.url), {
      maxAgeMs: 300,
      cooldownMs: 100,
      retryMs: 400,
      timeoutMs: 2000,
    });
    const verify = async () =>
      jwtVerify(await sign(ecPrivate, { alg: 'ES256', kid: 'es-1' }), keys, {
        algorithms: ['ES256'],
      });
    idpUp = false;
    const start = flaky.hits();
    await expect(verify()).rejects.toBeInstanceOf(JwksUnavailableError);
    await expect(verify()).rejects.toBeInstanceOf(JwksUnavailableError);
    expect(flaky.hits() - start).toBe(1);

    idpUp = true;
    await waitUntil(
      async () =>
        await verify().then(
          () => true,
          () => false,
        ),
      5000,
      50,
    );
    const fetchedOnce = flaky.hits();

    // The cached keys grow stale while the provider is down: tokens still verify with the last keys.
    idpUp = false;
    await new Promise((r) => setTimeout(r, 350));
    await expect(verify()).resolves.toMatchObject({ payload: { sub: 'alice' } });
    await expect(verify()).resolves.toMatchObject({ payload: { sub: 'alice' } });
    expect(flaky.hits() - fetchedOnce).toBe(1);
    // A token signed by another key is still refused.
    await expect(
      jwtVerify(await sign(otherEcPrivate, { alg: 'ES256', kid: 'es-1' }), keys, {
        algorithms: ['ES256'],
      }),
    ).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });
});
