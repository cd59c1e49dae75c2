// The API list with 1,000 APIs: paged, searchable, and how long the page takes to load.
import { apiDefinitionSchema } from '@turnpike/common';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { launchChromium, screenshot } from './support/browser';
import { adminClient, startDashboard, type RunningDashboard } from './support/dashboard-server';

const COUNT = 1000;
let stores: TestStores;
let dashboard: RunningDashboard;
let browser: Browser;

beforeAll(async () => {
  stores = await testStores('dashboard-scale');
  dashboard = await startDashboard({
    mongodbUrl: stores.mongodbDbUrl,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
  });
  const now = new Date().toISOString();
  const docs = Array.from({ length: COUNT }, (_, i) => {
    const id = `svc-${String(i).padStart(4, '0')}`;
    const api = apiDefinitionSchema.parse({
      id,
      name: `Service ${String(i).padStart(4, '0')}`,
      listenPath: `/svc/${i}/`,
      active: i % 10 !== 0,
      upstream: { targets: [{ url: `http://10.0.${Math.floor(i / 250)}.${i % 250}:8000` }] },
      auth: { type: i % 3 === 0 ? 'keyless' : 'key' },
    });
    return { _id: id, ...api, createdAt: now, updatedAt: now };
  });
  await stores.mongo
    .db(stores.dbName)
    .collection('apis')
    .insertMany(docs as never[]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  await stores?.cleanup();
});

it(`lists, searches and pages ${COUNT} APIs`, async () => {
  const admin = adminClient(dashboard.url, await dashboard.login());
  const all = await admin('GET', '/api/apis?limit=1000');
  expect(all.body.total).toBe(COUNT);
  expect(all.body.items).toHaveLength(COUNT);
  expect(
    (await admin('GET', '/api/apis?q=service%200042')).body.items.map((a: { id: string }) => a.id),
  ).toEqual(['svc-0042']);
  expect((await admin('GET', '/api/apis?status=inactive&limit=1')).body.total).toBe(COUNT / 10);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${dashboard.url}/login`);
  await page.fill('#email', dashboard.adminEmail);
  await page.fill('#password', dashboard.adminPassword);
  await page.click('button[type=submit]');
  await page.waitForURL('**/apis');

  // Warm once (first render compiles nothing in production, but opens the MongoDB pool), then measure.
  await page.goto(`${dashboard.url}/apis`);
  const timings: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    await page.goto(`${dashboard.url}/apis`, { waitUntil: 'load' });
    timings.push(Date.now() - started);
  }
  timings.sort((a, b) => a - b);
  const median = timings[2]!;
  await expect(page.getByText(`${COUNT.toLocaleString('en')} APIs defined.`)).toBeDefined();
  expect(await page.locator('tbody tr').count()).toBe(50);
  expect(await page.getByText('Page 1 of 20').count()).toBe(1);
  await screenshot(page, '10-apis-1000');

  await page.goto(`${dashboard.url}/apis?page=20`);
  expect(await page.locator('tbody tr').count()).toBe(50);
  await page.goto(`${dashboard.url}/apis?q=svc-099`);
  expect(await page.locator('tbody tr').count()).toBe(10);

  console.log(
    `dashboard: /apis with ${COUNT} APIs loads in ${median} ms (median of 5, browser navigation to load event; all: ${timings.join(', ')} ms)`,
  );
  // Generous: the machine is shared with other test runs; a regression to seconds should still show.
  expect(median).toBeLessThan(3000);
}, 120_000);
