// MongoDB unreachable: the dashboard starts, says so clearly on every surface, and never crashes.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/stores';
import { testStores, type TestStores } from '../../test/support/stores';
import { adminClient, startDashboard, type RunningDashboard } from './support/dashboard-server';

let stores: TestStores;
let dashboard: RunningDashboard;
const sessionSecret = randomBytes(32).toString('base64url');

beforeAll(async () => {
  stores = await testStores('dashboard-outage');
  // Nothing listens on this port: every MongoDB call fails after the driver's selection timeout.
  const deadMongo = `mongodb://127.0.0.1:${await freePort()}/nowhere`;
  dashboard = await startDashboard({
    mongodbUrl: deadMongo,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
    env: { TURNPIKE_SESSION_SECRET: sessionSecret },
    storesUp: false,
  });
});

afterAll(async () => {
  await dashboard?.stop();
  await stores?.cleanup();
});

it('reports MongoDB down on health, the admin API, sign-in and console pages', async () => {
  const anonymous = adminClient(dashboard.url);
  const health = await anonymous('GET', '/api/health');
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({ status: 'unavailable', mongodb: 'down', redis: 'ok' });

  const login = await anonymous('POST', '/api/auth/login', {
    email: 'a@b.c',
    password: 'whatever-password',
  });
  expect(login.status).toBe(503);
  expect(login.body.error.code).toBe('store.unavailable');

  const token = await new SignJWT({ sv: 1 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u_someone')
    .setIssuer('turnpike-dashboard')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(sessionSecret));
  const list = await adminClient(dashboard.url, token)('GET', '/api/apis');
  expect(list.status).toBe(503);
  expect(list.body.error.code).toBe('store.unavailable');

  const loginPage = await fetch(`${dashboard.url}/login`);
  expect(loginPage.status).toBe(200);
  const page = await fetch(`${dashboard.url}/apis`, { headers: { cookie: `tp_session=${token}` } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('MongoDB is not answering');
  expect(dashboard.output()).toContain('MongoDB not ready');
}, 60_000);
