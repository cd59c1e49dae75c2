// Load balancing over real upstreams: smooth weighted round-robin, active health checks, retries, circuit breaker.
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
} from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/stores';
import { testStores, type TestStores } from '../../test/support/stores';
import {
  gatewayEnvVars,
  seedApi,
  startGateway,
  waitUntil,
  type RunningGateway,
} from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

let stores: TestStores;
let gw: RunningGateway;
let u0: Upstream;
let u1: Upstream;
let u2: Upstream;
/** Upstreams whose /health answers as the flags say. */
let h0: Upstream;
let h1: Upstream;
let sick: Upstream;
let h0Healthy = true;
let deadUrl: string;
/** Reads each request's head, counts it, then resets the connection: the request was received, no answer came. */
let resetter: TcpServer;
let resetterRequests: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  stores = await testStores('gwbalancing');
  u0 = await startUpstream({ name: 'U0' });
  u1 = await startUpstream({ name: 'U1' });
  u2 = await startUpstream({ name: 'U2' });
  h0 = await startUpstream({ name: 'H0', healthy: () => h0Healthy });
  h1 = await startUpstream({ name: 'H1' });
  sick = await startUpstream({ name: 'SICK', healthy: () => false });
  deadUrl = `http://127.0.0.1:${await freePort()}`;
  resetter = createTcpServer((socket) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        resetterRequests.push(head.slice(0, head.indexOf(' ')));
        socket.resetAndDestroy();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
  const resetterUrl = `http://127.0.0.1:${(resetter.address() as AddressInfo).port}`;
  const healthCheck = { path: '/health', intervalMs: 200 };
  await seedApi(stores, {
    id: 'weighted',
    name: 'Weighted',
    listenPath: '/weighted',
    upstream: {
      targets: [
        { url: u0.url, weight: 3 },
        { url: u1.url, weight: 2 },
        { url: u2.url, weight: 1 },
      ],
    },
  });
  await seedApi(stores, {
    id: 'even',
    name: 'Even',
    listenPath: '/even',
    upstream: { targets: [{ url: u0.url }, { url: u1.url }] },
  });
  await seedApi(stores, {
    id: 'health',
    name: 'Health',
    listenPath: '/health-api',
    upstream: { targets: [{ url: h0.url }, { url: h1.url }], healthCheck },
  });
  await seedApi(stores, {
    id: 'allsick',
    name: 'All sick',
    listenPath: '/allsick',
    upstream: { targets: [{ url: sick.url }], healthCheck },
  });
  await seedApi(stores, {
    id: 'retry',
    name: 'Retry',
    listenPath: '/retry',
    upstream: { targets: [{ url: deadUrl }, { url: u2.url }], retries: 1 },
  });
  await seedApi(stores, {
    id: 'noretry',
    name: 'No retry',
    listenPath: '/noretry',
    upstream: { targets: [{ url: deadUrl }, { url: u2.url }] },
  });
  // The resetter's weight makes it every request's first pick.
  await seedApi(stores, {
    id: 'replay',
    name: 'Replay',
    listenPath: '/replay',
    upstream: {
      targets: [
        { url: resetterUrl, weight: 1000 },
        { url: u0.url, weight: 1 },
      ],
      retries: 1,
    },
  });
  await seedApi(stores, {
    id: 'impatient',
    name: 'Impatient clients',
    listenPath: '/impatient',
    upstream: {
      targets: [{ url: u1.url }],
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 },
    },
  });
  await seedApi(stores, {
    id: 'breaker',
    name: 'Breaker',
    listenPath: '/breaker',
    upstream: {
      targets: [{ url: u2.url }],
      circuitBreaker: { failureThreshold: 3, resetAfterMs: 400 },
    },
  });
  await seedApi(stores, {
    id: 'slowbreaker',
    name: 'Breaker on slow calls',
    listenPath: '/slowbreaker',
    upstream: {
      targets: [{ url: u0.url }],
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000, slowCallMs: 100 },
    },
  });
  await seedApi(stores, {
    id: 'breaker2',
    name: 'Breaker, two targets',
    listenPath: '/breaker2',
    upstream: {
      targets: [{ url: deadUrl }, { url: u1.url }],
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 },
    },
  });
  gw = await startGateway(await gatewayEnvVars(stores));
});

afterAll(async () => {
  await gw?.stop();
  await Promise.all([u0, u1, u2, h0, h1, sick].map((u) => u?.close()));
  await new Promise((resolve) => resetter?.close(resolve));
  await stores?.cleanup();
});

/** Sends one GET and answers which upstream served it ("-" when the gateway answered itself) and the status. */
async function send(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; by: string; code?: string }> {
  const res = await fetch(gw.url + path, init);
  const text = await res.text();
  const by = res.headers.get('x-upstream') ?? '-';
  const code =
    by === '-' && res.headers.get('content-type') === 'application/json'
      ? (JSON.parse(text) as { error?: { code: string } }).error?.code
      : undefined;
  return { status: res.status, by, ...(code ? { code } : {}) };
}

async function sequence(path: string, n: number): Promise<string[]> {
  const served: string[] = [];
  for (let i = 0; i < n; i++) served.push((await send(path)).by);
  return served;
}

function counts(served: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of served) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe('smooth weighted round-robin', () => {
  it('spreads requests by weight, interleaved rather than in bursts, with exact counts', async () => {
    const served = await sequence('/weighted/x', 60);
    // nginx's smooth weighted round-robin with weights 3, 2, 1 repeats this cycle of six.
    expect(served.slice(0, 6)).toEqual(['U0', 'U1', 'U0', 'U2', 'U1', 'U0']);
    for (let i = 6; i < 60; i++) expect(served[i], `request ${i}`).toBe(served[i - 6]);
    expect(counts(served)).toEqual({ U0: 30, U1: 20, U2: 10 });
  });

  it('alternates between equal weights', async () => {
    const served = await sequence('/even/x', 20);
    expect(counts(served)).toEqual({ U0: 10, U1: 10 });
    for (let i = 1; i < 20; i++) expect(served[i], `request ${i}`).not.toBe(served[i - 1]);
  });
});

describe('active health checks', () => {
  it('a target failing its checks gets no traffic, and gets it again once it recovers', async () => {
    expect(counts(await sequence('/health-api/x', 10))).toEqual({ H0: 5, H1: 5 });

    h0Healthy = false;
    // Two failed checks (the default unhealthy threshold) at 200 ms: then H0 is out.
    await waitUntil(
      async () => (await sequence('/health-api/x', 4)).every((by) => by === 'H1'),
      10_000,
      100,
    );
    const before = h0.seen.length;
    const whileSick = await sequence('/health-api/x', 20);
    expect(counts(whileSick)).toEqual({ H1: 20 });
    expect(h0.seen.length).toBe(before);

    h0Healthy = true;
    await waitUntil(async () => (await sequence('/health-api/x', 4)).includes('H0'), 10_000, 100);
    expect(counts(await sequence('/health-api/x', 20))).toEqual({ H0: 10, H1: 10 });
  });

  it('when no target is healthy the gateway answers 503 upstream.circuit_open without calling it', async () => {
    await waitUntil(async () => (await send('/allsick/x')).status === 503, 10_000, 100);
    const before = sick.seen.length;
    for (let i = 0; i < 5; i++)
      expect(await send('/allsick/x')).toEqual({
        status: 503,
        by: '-',
        code: 'upstream.circuit_open',
      });
    expect(sick.seen.length).toBe(before);
  });
});

describe('retries', () => {
  it('with retries: 1, a GET that lands on a dead target is retried on the live one', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => send('/retry/x')));
    for (let i = 0; i < 14; i++) results.push(await send('/retry/x'));
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(counts(results.map((r) => r.by))).toEqual({ U2: 20 });
  });

  it('without retries, the requests that land on the dead target fail with 502', async () => {
    const results: { status: number; by: string; code?: string }[] = [];
    for (let i = 0; i < 10; i++) results.push(await send('/noretry/x'));
    expect(counts(results.map((r) => String(r.status)))).toEqual({ '200': 5, '502': 5 });
    expect(
      results.filter((r) => r.status === 502).every((r) => r.code === 'upstream.unavailable'),
    ).toBe(true);
  });

  it('a GET that reached a target which then reset is retried; a POST or PATCH is never sent twice', async () => {
    resetterRequests = [];
    const before = u0.seen.length;
    expect(await send('/replay/x')).toEqual({ status: 200, by: 'U0' });
    expect(await send('/replay/x', { method: 'DELETE' })).toEqual({ status: 200, by: 'U0' });
    // Not idempotent: the first target may have acted on it, so a retry could do it twice (RFC 9110, 9.2.2).
    expect(await send('/replay/x', { method: 'POST' })).toEqual({
      status: 502,
      by: '-',
      code: 'upstream.unavailable',
    });
    expect(await send('/replay/x', { method: 'POST', body: 'payload' })).toEqual({
      status: 502,
      by: '-',
      code: 'upstream.unavailable',
    });
    expect(await send('/replay/x', { method: 'PATCH' })).toEqual({
      status: 502,
      by: '-',
      code: 'upstream.unavailable',
    });
    expect(resetterRequests).toEqual(['GET', 'DELETE', 'POST', 'POST', 'PATCH']);
    expect(u0.seen.slice(before).map((s) => s.method)).toEqual(['GET', 'DELETE']);
  });
});

describe('circuit breaker', () => {
  it('opens after failureThreshold consecutive failures and stops calling the upstream', async () => {
    // Failures must be consecutive: a success in between starts the count again.
    for (const path of ['/status/500', '/status/502', '/x', '/status/500', '/status/503'])
      await send(`/breaker${path}`);
    expect((await send('/breaker/x')).status).toBe(200);

    for (let i = 0; i < 3; i++) expect((await send('/breaker/status/500')).status).toBe(500);
    const before = u2.seen.length;
    for (let i = 0; i < 5; i++)
      expect(await send('/breaker/x')).toEqual({
        status: 503,
        by: '-',
        code: 'upstream.circuit_open',
      });
    expect(u2.seen.length).toBe(before);
  });

  it('half-opens after resetAfterMs: a failed trial opens it again, a good one closes it', async () => {
    await sleep(500);
    expect((await send('/breaker/status/500')).status).toBe(500); // the trial, failed
    expect((await send('/breaker/x')).status).toBe(503);
    await sleep(500);
    expect(await send('/breaker/x')).toEqual({ status: 200, by: 'U2' }); // the trial, good
    for (let i = 0; i < 5; i++) expect((await send('/breaker/x')).status).toBe(200);
  });

  it('lets a single trial through while half-open', async () => {
    for (let i = 0; i < 3; i++) expect((await send('/breaker/status/500')).status).toBe(500);
    await sleep(500);
    const trial = send('/breaker/slow?ms=400');
    await waitUntil(async () => u2.active() > 0, 5000, 10);
    // While the trial is out, everyone else is still turned away.
    expect(await send('/breaker/x')).toEqual({
      status: 503,
      by: '-',
      code: 'upstream.circuit_open',
    });
    expect((await trial).status).toBe(200);
    expect((await send('/breaker/x')).status).toBe(200);
  });

  it('clients that hang up early do not open the circuit for everyone else', async () => {
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      let answered = false;
      const pending = fetch(`${gw.url}/impatient/slow?ms=5000`, { signal: controller.signal }).then(
        (res) => ((answered = true), res.body?.cancel()),
        () => undefined,
      );
      // An open circuit would answer at once; otherwise the request is at the upstream when the caller leaves.
      await waitUntil(async () => answered || u1.active() > 0, 5000, 10);
      controller.abort();
      await pending;
      await waitUntil(async () => u1.active() === 0, 5000, 10);
    }
    // The upstream never failed: it was the callers who left.
    expect(await send('/impatient/x')).toEqual({ status: 200, by: 'U1' });
  });

  it('counts calls slower than slowCallMs as failures, though their responses are delivered', async () => {
    expect((await send('/slowbreaker/x')).status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect(await send('/slowbreaker/slow?ms=300')).toEqual({ status: 200, by: 'U0' });
    expect(await send('/slowbreaker/x')).toEqual({
      status: 503,
      by: '-',
      code: 'upstream.circuit_open',
    });
  });

  it("a target whose circuit is open gets none of its group's traffic", async () => {
    const first = await sequence('/breaker2/x', 4); // dead, live, dead (now open), live
    expect(counts(first)).toEqual({ '-': 2, U1: 2 });
    const before = u1.seen.length;
    const results: { status: number; by: string }[] = [];
    for (let i = 0; i < 10; i++) results.push(await send('/breaker2/x'));
    expect(results.every((r) => r.status === 200 && r.by === 'U1')).toBe(true);
    expect(u1.seen.length - before).toBe(10);
  });
});
