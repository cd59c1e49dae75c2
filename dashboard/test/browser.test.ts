// The dashboard in a real browser driving a real gateway: sign in, create an API, issue a key, call, revoke.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { launchChromium, screenshot } from './support/browser';
import { startDashboard, type RunningDashboard } from './support/dashboard-server';
import { startGatewayProcess, type GatewayProcess } from './support/gateway-process';

let stores: TestStores;
let dashboard: RunningDashboard;
let gateway: GatewayProcess;
let upstream: Server;
let upstreamUrl: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stores = await testStores('dashboard-browser');
  const secret = randomBytes(32).toString('base64url');
  upstream = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ upstream: true, path: req.url }));
  });
  await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const shared = {
    mongodbUrl: stores.mongodbDbUrl,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
  };
  [dashboard, gateway] = await Promise.all([
    startDashboard({ ...shared, env: { GATEWAY_SECRET: secret } }),
    startGatewayProcess({ ...shared, secret }),
  ]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await dashboard?.stop();
  await new Promise((done) => upstream?.close(done));
  await stores?.cleanup();
});

/** Calls the gateway until `expected` answers or the time runs out; returns how long it took. */
async function waitForStatus(
  path: string,
  headers: Record<string, string>,
  expected: number,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  let last = 0;
  while (Date.now() - started < timeoutMs) {
    last = (await fetch(gateway.url + path, { headers })).status;
    if (last === expected) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `expected ${expected} from the gateway within ${timeoutMs} ms, last answer ${last}`,
  );
}

it('signs in, creates an API, issues a key the gateway accepts, and revokes it', async () => {
  await page.goto(`${dashboard.url}/apis`);
  await page.waitForURL('**/login');
  await page.fill('#email', dashboard.adminEmail);
  await page.fill('#password', dashboard.adminPassword);
  await page.click('button[type=submit]');
  await page.waitForURL('**/apis');
  await page.getByText('Create your first API').waitFor();
  await screenshot(page, '01-first-run');

  await page.getByRole('link', { name: 'Create an API' }).click();
  await page.waitForURL('**/apis/new');
  await page.fill('#field-name', 'Echo service');
  expect(await page.inputValue('#field-id')).toBe('echo-service');
  await page.fill('#field-listenPath', '/echo/');
  await page.fill('#field-upstream-targets-0-url', 'not a url');
  await page.getByRole('button', { name: 'Create API' }).click();
  await page.locator('#field-upstream-targets-0-url-error').waitFor();
  await screenshot(page, '02-api-form-error');
  await page.fill('#field-upstream-targets-0-url', upstreamUrl);
  await page.getByRole('button', { name: 'Create API' }).click();
  await page.waitForURL('**/apis/echo-service');
  await screenshot(page, '03-api-created');

  await page.goto(`${dashboard.url}/keys/new`);
  await page.fill('#field-alias', 'browser-test');
  await page.getByRole('checkbox', { name: /Echo service/ }).check();
  await page.getByRole('button', { name: 'Issue key' }).click();
  const rawKey = (await page.getByTestId('raw-key').textContent())!.trim();
  expect(rawKey).toMatch(/^tp_/);
  await screenshot(page, '04-key-issued');

  const keyUsable = await waitForStatus('/echo/hello', { 'x-api-key': rawKey }, 200, 5000);
  const answer = await fetch(`${gateway.url}/echo/hello`, {
    headers: { authorization: `Bearer ${rawKey}` },
  });
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ upstream: true, path: '/hello' });
  const anonymous = await fetch(`${gateway.url}/echo/hello`);
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe(
    'auth.key_missing',
  );

  await page.getByRole('link', { name: 'Open the key' }).click();
  await page.waitForURL('**/keys/k_*');
  await page.getByTestId('quota-state').or(page.getByText('No quota')).first().waitFor();
  expect(await page.content()).not.toContain(rawKey);
  await screenshot(page, '05-key-detail');

  await page.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('button', { name: 'Revoke key' }).click();
  await page.waitForURL(/\/keys$/);
  const revokedAfter = await waitForStatus('/echo/hello', { 'x-api-key': rawKey }, 401, 1000);
  await screenshot(page, '06-after-revoke');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${dashboard.url}/apis`);
  await page.getByRole('link', { name: 'Echo service' }).waitFor();
  await screenshot(page, '07-phone-apis');

  console.log(
    `dashboard e2e: key usable after ${keyUsable} ms, refused ${revokedAfter} ms after revoke`,
  );
}, 120_000);
