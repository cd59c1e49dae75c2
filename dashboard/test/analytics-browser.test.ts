// Analytics and the request log in a real browser, for requests sent through a real gateway and counted by the real pump.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatCount, formatPercent } from '../lib/analytics/format';
import { spawnPump, type PumpProcess } from '../../pump/test/support/pump-process';
import { waitFor } from '../../pump/test/support/records';
import { testStores, type TestStores } from '../../test/support/stores';
import { launchChromium, screenshot } from './support/browser';
import { adminClient, startDashboard, type RunningDashboard } from './support/dashboard-server';
import { startGatewayProcess, type GatewayProcess } from './support/gateway-process';

let stores: TestStores;
let dashboard: RunningDashboard;
let gateway: GatewayProcess;
let pump: PumpProcess;
let upstream: Server;
let browser: Browser;
let page: Page;

/**
 * Every request this test sent through the gateway that it routed to an API, as it was answered:
 * those are the ones the gateway records (a path no API serves gets its 404 and no record).
 */
interface Sent {
  path: string;
  status: number;
  apiId: string;
  keyed: boolean;
  gtxid: string;
}
const sent: Sent[] = [];

beforeAll(async () => {
  stores = await testStores('analytics-browser');
  const secret = randomBytes(32).toString('base64url');
  // /status/N answers N; anything else answers 200 with a small JSON body.
  upstream = createServer((req, res) => {
    const status = /^\/status\/(\d{3})$/.exec(req.url ?? '')?.[1];
    res.writeHead(status ? Number(status) : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const shared = {
    mongodbUrl: stores.mongodbDbUrl,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
  };
  pump = spawnPump({
    MONGODB_URL: shared.mongodbUrl,
    REDIS_URL: shared.redisUrl,
    TURNPIKE_REDIS_PREFIX: shared.redisPrefix,
  });
  [dashboard, gateway] = await Promise.all([
    startDashboard({ ...shared, env: { GATEWAY_SECRET: secret } }),
    startGatewayProcess({ ...shared, secret }),
    pump.consuming,
  ]);
  const admin = adminClient(dashboard.url, await dashboard.login());
  const api = (id: string, auth: 'keyless' | 'key') => ({
    id,
    name: `${id} service`,
    listenPath: `/${id}/`,
    upstream: { targets: [{ url: upstreamUrl, weight: 1 }] },
    auth: { type: auth },
  });
  // "warmup" is saved last: once the gateway serves it, it has loaded the other two as well.
  for (const definition of [api('shop', 'keyless'), api('pay', 'key'), api('warmup', 'keyless')]) {
    expect((await admin('POST', '/api/apis', definition)).status).toBe(201);
  }
  const issued = await admin('POST', '/api/keys', { alias: 'mobile-app', apis: ['pay'] });
  expect(issued.status).toBe(201);
  const rawKey: string = issued.body.key;

  await waitFor(
    'the gateway to serve the new APIs',
    async () => (await call('/warmup/ping')) === 200,
    30_000,
  );
  for (let i = 1; i <= 6; i++) await call(`/shop/items/${i}`);
  await call('/shop/status/404');
  await call('/shop/status/404');
  await call('/shop/status/503');
  for (let i = 0; i < 3; i++) await call('/pay/charge', rawKey);
  await call('/pay/charge');
  await call('/pay/charge');
  await call('/nothing/here');

  await waitFor(
    'every request to be counted',
    async () =>
      (await admin('GET', `/api/analytics?from=${Date.now() - 3_600_000}`)).body?.totals?.hits ===
      sent.length,
    60_000,
    async () => `${sent.length} sent\n${pump.output()}`,
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await pump?.stop();
  await dashboard?.stop();
  await new Promise((done) => upstream?.close(done));
  await stores?.cleanup();
});

async function call(path: string, key?: string): Promise<number> {
  const response = await fetch(gateway.url + path, { headers: key ? { 'x-api-key': key } : {} });
  const body = await response.text();
  const apiId = path.split('/')[1]!;
  if (!body.includes('"route.not_found"')) {
    sent.push({
      path,
      status: response.status,
      apiId,
      keyed: key !== undefined,
      gtxid: response.headers.get('x-gtxid') ?? '',
    });
  }
  return response.status;
}

const count = (match: (s: Sent) => boolean) => sent.filter(match).length;
const errorRate = (list: Sent[]) =>
  formatPercent(list.filter((s) => s.status >= 400).length / list.length);

async function signIn(): Promise<void> {
  await page.goto(`${dashboard.url}/analytics`);
  await page.waitForURL('**/login**');
  await page.fill('#email', dashboard.adminEmail);
  await page.fill('#password', dashboard.adminPassword);
  await page.click('button[type=submit]');
  await page.waitForURL('**/apis');
}

async function statText(id: string, expected: string): Promise<void> {
  await page
    .getByTestId(id)
    .filter({ hasText: new RegExp(`^${expected.replace(/[.%]/g, '\\$&')}$`) })
    .waitFor({ timeout: 15_000 });
}

it('shows the totals, charts and breakdowns of the requests sent', async () => {
  await signIn();
  await page.goto(`${dashboard.url}/analytics?range=1h`);
  await statText('total-requests', formatCount(sent.length));
  await statText('error-rate', errorRate(sent));
  expect(await page.getByTestId('granularity').textContent()).toMatch(/^By minute/);
  expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(4);
  expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);

  const endpoints = page.getByRole('region', { name: 'Top endpoints' });
  await expect.poll(() => endpoints.textContent()).toContain('GET /shop/items/:id');
  expect(await endpoints.textContent()).toContain(formatCount(6));
  const errors = await page.getByRole('region', { name: 'Errors by code' }).textContent();
  expect(errors).toContain('auth.key_missing');
  expect(errors).not.toContain('route.not_found');
  const statuses = await page.getByRole('region', { name: 'Responses by status' }).textContent();
  expect(statuses).toContain('503');
  await screenshot(page, 'analytics-01-overview');
});

it('narrows to one API and to one key', async () => {
  await page.selectOption('#filter-api', 'pay');
  await page.waitForURL(/apiId=pay/);
  await statText('total-requests', formatCount(count((s) => s.apiId === 'pay')));
  await statText('error-rate', errorRate(sent.filter((s) => s.apiId === 'pay')));

  const keyOption = await page
    .locator('#filter-key option', { hasText: 'mobile-app' })
    .getAttribute('value');
  await page.selectOption('#filter-key', keyOption!);
  await page.waitForURL(/keyId=k_/);
  await statText('total-requests', formatCount(count((s) => s.keyed)));
  await statText('error-rate', '0%');
  await screenshot(page, 'analytics-02-one-key');
});

it('changes the range and says when there is nothing to show', async () => {
  await page.goto(
    `${dashboard.url}/analytics?range=custom&from=2020-01-01T00:00:00.000Z&to=2020-01-02T00:00:00.000Z`,
  );
  await page.getByText('No traffic in this range').waitFor();
  await page.getByRole('button', { name: '24h' }).click();
  await page.waitForURL(/range=24h/);
  await statText('total-requests', formatCount(sent.length));
  expect(await page.getByTestId('granularity').textContent()).toMatch(/^By hour/);
});

it('browses the request log, filters it, finds a call by gtxid and opens it', async () => {
  await page.goto(`${dashboard.url}/logs?range=1h`);
  const rows = page.getByTestId('log-row');
  await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(sent.length);
  expect(await rows.first().textContent()).toContain('/pay/charge');
  await screenshot(page, 'logs-01-all');

  await page.selectOption('#logs-status', '4xx');
  await page.waitForURL(/status=4xx/);
  await expect.poll(() => rows.count()).toBe(count((s) => s.status >= 400 && s.status < 500));

  const wanted = sent.find((s) => s.path === '/shop/status/503')!;
  await page.selectOption('#logs-status', '');
  await page.fill('#logs-gtxid', wanted.gtxid);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.waitForURL(/gtxid=/);
  await expect.poll(() => rows.count()).toBe(1);
  await rows.first().getByRole('button').click();
  const detail = page.getByTestId('record-detail');
  await detail.waitFor();
  expect(await detail.locator('[data-field=gtxid]').textContent()).toBe(wanted.gtxid);
  expect(await detail.locator('[data-field=status]').textContent()).toBe('503');
  expect(await detail.locator('[data-field=apiId]').textContent()).toBe('shop');
  await screenshot(page, 'logs-02-record');
});
