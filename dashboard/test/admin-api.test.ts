// The admin REST API end to end: a real `next start` over real FerretDB and Redis.
import { hashKey, keyRecordSchema, verifyEvent, type GatewayEvent } from '@turnpike/common';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { adminClient, startDashboard, type RunningDashboard } from './support/dashboard-server';

let stores: TestStores;
let dashboard: RunningDashboard;
let admin: ReturnType<typeof adminClient>;
let subscriber: Redis;
const events: GatewayEvent[] = [];

const api = (id: string, listenPath = `/${id}/`, extra: object = {}) => ({
  id,
  name: `API ${id}`,
  listenPath,
  upstream: { targets: [{ url: 'http://127.0.0.1:9', weight: 1 }] },
  auth: { type: 'key' },
  ...extra,
});

async function waitForEvent(
  match: (event: GatewayEvent) => boolean,
  timeoutMs = 2000,
): Promise<GatewayEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = events.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no matching event published');
}

beforeAll(async () => {
  stores = await testStores('dashboard-admin-api');
  dashboard = await startDashboard({
    mongodbUrl: stores.mongodbDbUrl,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
  });
  admin = adminClient(dashboard.url, await dashboard.login());
  subscriber = stores.redis.duplicate();
  await subscriber.subscribe(`${stores.redisPrefix}events`);
  subscriber.on('message', (_channel: string, message: string) => {
    const event = verifyEvent(message, dashboard.gatewaySecret);
    if (event) events.push(event);
  });
});

afterAll(async () => {
  subscriber?.disconnect();
  await dashboard?.stop();
  await stores?.cleanup();
});

describe('authentication', () => {
  const routes: [string, string][] = [
    ['GET', '/api/apis'],
    ['POST', '/api/apis'],
    ['GET', '/api/apis/some-id'],
    ['PUT', '/api/apis/some-id'],
    ['DELETE', '/api/apis/some-id'],
    ['GET', '/api/policies'],
    ['POST', '/api/policies'],
    ['GET', '/api/policies/some-id'],
    ['PUT', '/api/policies/some-id'],
    ['DELETE', '/api/policies/some-id'],
    ['GET', '/api/keys'],
    ['POST', '/api/keys'],
    ['GET', '/api/keys/k_0000000000'],
    ['PUT', '/api/keys/k_0000000000'],
    ['DELETE', '/api/keys/k_0000000000'],
    ['POST', '/api/keys/k_0000000000/rotate'],
    ['GET', '/api/keys/k_0000000000/usage'],
    ['GET', '/api/users'],
    ['POST', '/api/users'],
    ['GET', '/api/users/u_1'],
    ['PUT', '/api/users/u_1'],
    ['DELETE', '/api/users/u_1'],
    ['GET', '/api/audit'],
    ['GET', '/api/auth/me'],
  ];

  it.each(routes)('%s %s without credentials is 401', async (method, path) => {
    const anonymous = adminClient(dashboard.url);
    const answer = await anonymous(
      method,
      path,
      method === 'GET' || method === 'DELETE' ? undefined : {},
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('admin.unauthorized');
  });

  it('refuses a forged or garbage bearer token', async () => {
    const answer = await adminClient(dashboard.url, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad')(
      'GET',
      '/api/apis',
    );
    expect(answer.status).toBe(401);
  });

  it('answers health and the OpenAPI document without credentials', async () => {
    const anonymous = adminClient(dashboard.url);
    expect((await anonymous('GET', '/api/health')).body).toMatchObject({ status: 'ok' });
    const doc = await anonymous('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/apis',
      '/api/apis/{id}',
      '/api/keys',
      '/api/policies/{id}',
      '/api/users',
      '/api/analytics',
      '/api/logs',
    ]) {
      expect(doc.body.paths).toHaveProperty([path]);
    }
    expect(doc.body.components.schemas.ApiDefinitionInput.properties).toHaveProperty('listenPath');
  });

  it('sets an httpOnly, SameSite=Lax session cookie on sign-in and needs a same-origin Origin for cookie changes', async () => {
    const login = await fetch(`${dashboard.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: dashboard.adminEmail, password: dashboard.adminPassword }),
    });
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/tp_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    const cookie = setCookie.split(';')[0]!;
    const viaCookie = adminClient(dashboard.url);
    expect((await viaCookie('GET', '/api/apis', undefined, { cookie })).status).toBe(200);
    const noOrigin = await viaCookie('POST', '/api/apis', api('csrf-a'), { cookie });
    expect(noOrigin.status).toBe(403);
    const evil = await viaCookie('POST', '/api/apis', api('csrf-b'), {
      cookie,
      origin: 'https://evil.example',
    });
    expect(evil.status).toBe(403);
    expect(
      await stores.mongo
        .db(stores.dbName)
        .collection('apis')
        .countDocuments({ _id: { $in: ['csrf-a', 'csrf-b'] } as never }),
    ).toBe(0);
    const own = await viaCookie('POST', '/api/apis', api('csrf-c'), {
      cookie,
      origin: dashboard.url,
    });
    expect(own.status).toBe(201);
  });

  it('slows and then refuses repeated failed sign-ins for one e-mail', async () => {
    const anonymous = adminClient(dashboard.url);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (
          await anonymous('POST', '/api/auth/login', {
            email: 'nobody@test.local',
            password: 'wrong-password',
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const refused = await anonymous('POST', '/api/auth/login', {
      email: 'nobody@test.local',
      password: 'wrong-password',
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('admin.too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 60_000);
});

describe('roles', () => {
  let viewer: ReturnType<typeof adminClient>;
  let editor: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    for (const role of ['viewer', 'editor']) {
      const created = await admin('POST', '/api/users', {
        email: `${role}@test.local`,
        name: role,
        role,
        password: 'a-long-password',
      });
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('passwordHash');
    }
    viewer = adminClient(
      dashboard.url,
      await dashboard.login('viewer@test.local', 'a-long-password'),
    );
    editor = adminClient(
      dashboard.url,
      await dashboard.login('editor@test.local', 'a-long-password'),
    );
    expect((await admin('POST', '/api/apis', api('roles-api'))).status).toBe(201);
  });

  it.each([
    ['POST', '/api/apis', api('viewer-api')],
    ['PUT', '/api/apis/roles-api', api('roles-api')],
    ['DELETE', '/api/apis/roles-api', undefined],
    ['POST', '/api/policies', { id: 'viewer-pol', name: 'x' }],
    ['POST', '/api/keys', { alias: 'viewer-key' }],
    [
      'POST',
      '/api/users',
      { email: 'x@test.local', name: 'x', role: 'admin', password: 'a-long-password' },
    ],
  ])('a viewer cannot %s %s (403)', async (method, path, body) => {
    const answer = await viewer(method, path, body);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('admin.forbidden');
  });

  it('a viewer reads APIs, keys and policies but not users', async () => {
    expect((await viewer('GET', '/api/apis')).status).toBe(200);
    expect((await viewer('GET', '/api/keys')).status).toBe(200);
    expect((await viewer('GET', '/api/policies')).status).toBe(200);
    expect((await viewer('GET', '/api/users')).status).toBe(403);
  });

  it('an editor changes APIs but not users', async () => {
    expect(
      (await editor('PUT', '/api/apis/roles-api', { ...api('roles-api'), name: 'Edited' })).status,
    ).toBe(200);
    expect(
      (
        await editor('POST', '/api/users', {
          email: 'y@test.local',
          name: 'y',
          role: 'admin',
          password: 'a-long-password',
        })
      ).status,
    ).toBe(403);
  });

  it('a deactivated user is signed out at once, and the last admin cannot be demoted', async () => {
    const users = (await admin('GET', '/api/users')).body.items as { id: string; email: string }[];
    const viewerId = users.find((u) => u.email === 'viewer@test.local')!.id;
    expect((await admin('PUT', `/api/users/${viewerId}`, { active: false })).status).toBe(200);
    expect((await viewer('GET', '/api/apis')).status).toBe(401);
    const adminId = users.find((u) => u.email === dashboard.adminEmail)!.id;
    const demote = await admin('PUT', `/api/users/${adminId}`, { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.fields[0].path).toBe('role');
  });
});

describe('validation and unknown ids', () => {
  it.each([
    [
      '/api/apis',
      { id: 'bad id', listenPath: 'nope', upstream: { targets: [] } },
      ['id', 'name', 'listenPath', 'upstream.targets'],
    ],
    [
      '/api/apis',
      {
        ...api('bad-url'),
        upstream: { targets: [{ url: 'ftp://x' }] },
        ipAllowList: ['300.1.1.1'],
      },
      ['upstream.targets.0.url', 'ipAllowList.0'],
    ],
    [
      '/api/policies',
      { id: 'p', name: '', rateLimit: { rate: 0, per: 1 } },
      ['name', 'rateLimit.rate'],
    ],
    [
      '/api/keys',
      { alias: '', ownerEmail: 'not-an-email', quota: { max: 0 } },
      ['alias', 'ownerEmail', 'quota.max', 'quota.renewalSeconds'],
    ],
    ['/api/keys', { alias: 'ghost', apis: ['no-such-api'] }, ['apis.0']],
    [
      '/api/users',
      { email: 'x', role: 'root', password: 'short' },
      ['email', 'name', 'role', 'password'],
    ],
  ])('POST %s with an invalid body is 400 with the field paths', async (path, body, fields) => {
    const answer = await admin('POST', path, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation.failed');
    const paths = (answer.body.error.fields as { path: string }[]).map((f) => f.path);
    for (const field of fields) expect(paths).toContain(field);
  });

  it('malformed JSON is 400 request.invalid', async () => {
    const answer = await admin('POST', '/api/apis', '{"id":');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('request.invalid');
  });

  it.each([
    ['GET', '/api/apis/missing'],
    ['PUT', '/api/apis/missing'],
    ['DELETE', '/api/apis/missing'],
    ['GET', '/api/policies/missing'],
    ['PUT', '/api/policies/missing'],
    ['DELETE', '/api/policies/missing'],
    ['GET', '/api/keys/k_00000000000000'],
    ['PUT', '/api/keys/k_00000000000000'],
    ['DELETE', '/api/keys/k_00000000000000'],
    ['POST', '/api/keys/k_00000000000000/rotate'],
    ['GET', '/api/users/u_missing'],
    ['PUT', '/api/users/u_missing'],
    ['DELETE', '/api/users/u_missing'],
  ])('%s %s is 404', async (method, path) => {
    const bodies: Record<string, unknown> = {
      '/api/apis/missing': api('missing'),
      '/api/policies/missing': { id: 'missing', name: 'x' },
      '/api/keys/k_00000000000000': { alias: 'x' },
      '/api/users/u_missing': { name: 'x' },
    };
    const answer = await admin(method, path, method === 'PUT' ? bodies[path] : undefined);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('admin.not_found');
  });
});

describe('APIs', () => {
  it('create, read, list, update and delete, each announced to the gateways', async () => {
    const created = await admin(
      'POST',
      '/api/apis',
      api('orders', '/orders/', { auth: { type: 'keyless' } }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'orders',
      active: true,
      stripListenPath: true,
      cache: { enabled: false },
    });
    await waitForEvent((e) => e.type === 'config.changed');

    expect((await admin('GET', '/api/apis/orders')).body.listenPath).toBe('/orders/');
    const listed = await admin('GET', '/api/apis?q=order');
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual(['orders']);
    expect((await admin('GET', '/api/apis?status=inactive&q=orders')).body.total).toBe(0);

    events.length = 0;
    const updated = await admin('PUT', '/api/apis/orders', {
      ...api('orders', '/orders/v2'),
      active: false,
      rateLimit: { rate: 5, per: 1 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      active: false,
      listenPath: '/orders/v2',
      rateLimit: { rate: 5, per: 1 },
    });
    await waitForEvent((e) => e.type === 'config.changed');
    const renamed = await admin('PUT', '/api/apis/orders', { ...api('other-id') });
    expect(renamed.status).toBe(400);

    expect((await admin('DELETE', '/api/apis/orders')).status).toBe(204);
    expect((await admin('GET', '/api/apis/orders')).status).toBe(404);
    await waitForEvent((e) => e.type === 'cache.purge' && e.apiId === 'orders');

    const trail = await admin('GET', '/api/audit?resourceType=api&resourceId=orders');
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual([
      'api.delete',
      'api.update',
      'api.create',
    ]);
    expect(trail.body.items[1].before.listenPath).toBe('/orders/');
    expect(trail.body.items[1].after.listenPath).toBe('/orders/v2');
    expect(trail.body.items[0].actor.email).toBe(dashboard.adminEmail);
  });

  it('refuses a listen path another API serves on an overlapping host (409) and a duplicate id', async () => {
    expect(
      (await admin('POST', '/api/apis', api('shop', '/shop', { hosts: ['shop.example.com'] })))
        .status,
    ).toBe(201);
    const samePath = await admin('POST', '/api/apis', api('shop-2', '/shop/', { hosts: [] }));
    expect(samePath.status).toBe(409);
    expect(samePath.body.error.fields[0].path).toBe('listenPath');
    const wildcard = await admin(
      'POST',
      '/api/apis',
      api('shop-3', '//shop', { hosts: ['*.example.com'] }),
    );
    expect(wildcard.status).toBe(409);
    expect(
      (await admin('POST', '/api/apis', api('shop-4', '/shop', { hosts: ['shop.example.org'] })))
        .status,
    ).toBe(201);
    const duplicate = await admin('POST', '/api/apis', api('shop', '/elsewhere'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].path).toBe('id');
  });
});

describe('keys and policies', () => {
  beforeAll(async () => {
    expect((await admin('POST', '/api/apis', api('payments'))).status).toBe(201);
  });

  it('shows the raw key only in the POST answer and stores only its hash, in MongoDB and Redis', async () => {
    events.length = 0;
    const issued = await admin('POST', '/api/keys', {
      alias: 'mobile-app',
      ownerEmail: 'dev@example.com',
      apis: ['payments'],
      rateLimit: { rate: 100, per: 60 },
      quota: { max: 1000, renewalSeconds: 3600 },
    });
    expect(issued.status).toBe(201);
    const raw = issued.body.key as string;
    expect(raw).toMatch(/^tp_/);
    expect(issued.body).not.toHaveProperty('hash');
    const id = issued.body.id as string;
    const hash = hashKey(raw);

    const session = await stores.redis.get(`${stores.redisPrefix}session:${hash}`);
    expect(session).not.toBeNull();
    const record = keyRecordSchema.parse(JSON.parse(session!));
    expect(record).toMatchObject({ id, hash, alias: 'mobile-app', apis: ['payments'] });
    expect(session).not.toContain(raw);
    await waitForEvent((e) => e.type === 'key.changed' && e.hash === hash);

    const stored = await stores.mongo.db(stores.dbName).collection('keys').findOne({ hash });
    expect(stored?._id).toBe(id);
    expect(JSON.stringify(stored)).not.toContain(raw);

    for (const answer of [
      await admin('GET', `/api/keys/${id}`),
      await admin('GET', '/api/keys?q=mobile'),
    ]) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(raw);
      expect(JSON.stringify(answer.body)).not.toContain(hash);
    }
    const trail = JSON.stringify((await admin('GET', `/api/audit?resourceId=${id}`)).body);
    expect(trail).toContain('key.create');
    expect(trail).not.toContain(raw);
    expect(trail).not.toContain(hash);

    const usage = await admin('GET', `/api/keys/${id}/usage`);
    expect(usage.body).toMatchObject({
      source: 'key',
      quota: { max: 1000, used: null, remaining: 1000 },
      rateLimit: { rate: 100, remaining: 100 },
    });
    await stores.redis.hset(
      `${stores.redisPrefix}quota:${id}`,
      'used',
      7,
      'resetAt',
      Date.now() + 60_000,
    );
    expect((await admin('GET', `/api/keys/${id}/usage`)).body.quota).toMatchObject({
      used: 7,
      remaining: 993,
    });
  });

  it('updates, deactivates, rotates and revokes a key, keeping Redis in step', async () => {
    const issued = await admin('POST', '/api/keys', { alias: 'rotating', apis: ['payments'] });
    const id = issued.body.id as string;
    const oldHash = hashKey(issued.body.key);
    const sessionOf = (hash: string) => stores.redis.get(`${stores.redisPrefix}session:${hash}`);

    const off = await admin('PUT', `/api/keys/${id}`, {
      alias: 'rotating',
      apis: ['payments'],
      active: false,
    });
    expect(off.body.active).toBe(false);
    expect(JSON.parse((await sessionOf(oldHash))!).active).toBe(false);

    events.length = 0;
    const rotated = await admin('POST', `/api/keys/${id}/rotate`);
    expect(rotated.status).toBe(200);
    const newHash = hashKey(rotated.body.key);
    expect(newHash).not.toBe(oldHash);
    expect(await sessionOf(oldHash)).toBeNull();
    expect(JSON.parse((await sessionOf(newHash))!).id).toBe(id);
    const keysCollection = stores.mongo.db(stores.dbName).collection('keys');
    expect(await keysCollection.countDocuments({ hash: oldHash })).toBe(0);
    expect(await keysCollection.countDocuments({ hash: newHash })).toBe(1);
    await waitForEvent((e) => e.type === 'key.changed' && e.hash === oldHash);
    await waitForEvent((e) => e.type === 'key.changed' && e.hash === newHash);

    expect((await admin('DELETE', `/api/keys/${id}`)).status).toBe(204);
    expect(await sessionOf(newHash)).toBeNull();
    expect(await keysCollection.countDocuments({ _id: id as never })).toBe(0);
    expect((await admin('GET', `/api/keys/${id}`)).status).toBe(404);
  });

  it('ties keys to policies, and refuses to delete a policy in use', async () => {
    const policy = await admin('POST', '/api/policies', {
      id: 'gold',
      name: 'Gold',
      apis: ['payments'],
      quota: { max: 50, renewalSeconds: 60 },
    });
    expect(policy.status).toBe(201);
    const mixed = await admin('POST', '/api/keys', {
      alias: 'mixed',
      policyId: 'gold',
      apis: ['payments'],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.fields[0].path).toBe('apis');
    const unknown = await admin('POST', '/api/keys', { alias: 'ghost', policyId: 'platinum' });
    expect(unknown.body.error.fields[0].path).toBe('policyId');

    const issued = await admin('POST', '/api/keys', { alias: 'gold-member', policyId: 'gold' });
    expect(issued.status).toBe(201);
    expect((await admin('GET', `/api/keys/${issued.body.id}/usage`)).body).toMatchObject({
      source: 'policy',
      quota: { max: 50 },
    });

    events.length = 0;
    expect(
      (
        await admin('PUT', '/api/policies/gold', {
          name: 'Gold+',
          apis: ['payments'],
          quota: { max: 80, renewalSeconds: 60 },
        })
      ).status,
    ).toBe(200);
    await waitForEvent((e) => e.type === 'config.changed');
    expect((await admin('GET', `/api/keys/${issued.body.id}/usage`)).body.quota.max).toBe(80);

    const blocked = await admin('DELETE', '/api/policies/gold');
    expect(blocked.status).toBe(409);
    expect((await admin('DELETE', `/api/keys/${issued.body.id}`)).status).toBe(204);
    expect((await admin('DELETE', '/api/policies/gold')).status).toBe(204);
    expect((await admin('GET', '/api/policies')).body.items).toEqual([]);
  });

  it('saves nothing when a referenced API does not exist', async () => {
    const before = await stores.mongo.db(stores.dbName).collection('keys').countDocuments();
    expect(
      (await admin('POST', '/api/keys', { alias: 'partial', apis: ['payments', 'nope'] })).status,
    ).toBe(400);
    expect(await stores.mongo.db(stores.dbName).collection('keys').countDocuments()).toBe(before);
  });
});
