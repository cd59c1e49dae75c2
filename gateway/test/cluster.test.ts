// GATEWAY_WORKERS processes behind one control plane: ready together, limits exact, metrics summed, clean exit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { gatewayEnvVars, seedApi, startGatewayProcess, TEST_SECRET } from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

let stores: TestStores;
let upstream: Upstream;

beforeAll(async () => {
  stores = await testStores('gwcluster');
  upstream = await startUpstream();
  await seedApi(stores, {
    id: 'limited',
    name: 'Limited',
    listenPath: '/limited',
    rateLimit: { rate: 40, per: 3600 },
    upstream: { targets: [{ url: upstream.url }] },
  });
  await seedApi(stores, {
    id: 'cached',
    name: 'Cached',
    listenPath: '/cached',
    cache: { enabled: true },
    upstream: { targets: [{ url: upstream.url }] },
  });
});

afterAll(async () => {
  await upstream?.close();
  await stores?.cleanup();
});

const auth = { authorization: `Bearer ${TEST_SECRET}` };

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('gateway workers', () => {
  it('runs two workers with exact shared limits, summed metrics, cache purge and a clean stop', async () => {
    const gw = await startGatewayProcess(await gatewayEnvVars(stores, { GATEWAY_WORKERS: '2' }));
    const { readFileSync } = await import('node:fs');
    const children = readFileSync(`/proc/${gw.child.pid}/task/${gw.child.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    try {
      expect(children).toHaveLength(2);
      const ready = (await (await fetch(`${gw.controlUrl}/ready`)).json()) as { workers: number };
      expect(ready.workers).toBe(2);

      const statuses = await Promise.all(
        Array.from({ length: 120 }, async () => {
          const res = await fetch(`${gw.url}/limited/x`, { headers: { connection: 'close' } });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(40);

      const metrics = await (await fetch(`${gw.controlUrl}/metrics`, { headers: auth })).text();
      expect(metrics).toContain('turnpike_requests_total{api="limited",status="200"} 40');
      expect(metrics).toContain('turnpike_requests_total{api="limited",status="429"} 80');

      expect((await fetch(`${gw.url}/cached/a`)).headers.get('x-cache')).toBe('MISS');
      await new Promise((r) => setTimeout(r, 100));
      const purge = await fetch(`${gw.controlUrl}/cache/cached`, {
        method: 'DELETE',
        headers: auth,
      });
      expect(((await purge.json()) as { purged: number }).purged).toBe(1);
      expect((await fetch(`${gw.url}/cached/a`)).headers.get('x-cache')).toBe('MISS');
      expect((await fetch(`${gw.controlUrl}/cache/cached`, { method: 'DELETE' })).status).toBe(401);

      expect(
        (
          (await (
            await fetch(`${gw.controlUrl}/reload`, { method: 'POST', headers: auth })
          ).json()) as { reloaded: boolean }
        ).reloaded,
      ).toBe(true);
    } finally {
      expect(await gw.kill('SIGTERM')).toBe(0);
    }
    for (const pid of children) expect(processAlive(pid)).toBe(false);
  });
});
