// Bodies stream through the gateway with flat memory, and a client that leaves cancels the upstream request.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { gatewayEnvVars, seedApi, startGatewayProcess, waitUntil } from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

const SIZE = 512 * 1024 * 1024;
const MAX_RSS_GROWTH = 96 * 1024 * 1024;

let stores: TestStores;
let upstream: Upstream;
let gw: Awaited<ReturnType<typeof startGatewayProcess>>;

function rss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D/g, '')) * 1024;
}

beforeAll(async () => {
  stores = await testStores('gwstream');
  upstream = await startUpstream();
  await seedApi(stores, {
    id: 'files',
    name: 'Files',
    listenPath: '/files',
    upstream: { targets: [{ url: upstream.url }], timeoutMs: 60_000 },
  });
  gw = await startGatewayProcess(await gatewayEnvVars(stores));
});

afterAll(async () => {
  await gw?.stop();
  await upstream?.close();
  await stores?.cleanup();
});

describe('streaming', () => {
  it('streams a 512 MiB download with bounded gateway memory', async () => {
    const before = rss(gw.child.pid!);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(gw.child.pid!))), 50);
    try {
      const received = await new Promise<number>((resolve, reject) => {
        request(`${gw.url}/files/bytes?n=${SIZE}`, (res) => {
          let total = 0;
          res.on('data', (chunk: Buffer) => (total += chunk.length));
          res.on('end', () => resolve(total));
          res.on('error', reject);
        })
          .on('error', reject)
          .end();
      });
      expect(received).toBe(SIZE);
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before).toBeLessThan(MAX_RSS_GROWTH);
  }, 120_000);

  it('streams a 512 MiB upload with bounded gateway memory', async () => {
    const before = rss(gw.child.pid!);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(gw.child.pid!))), 50);
    const chunk = Buffer.alloc(256 * 1024, 121);
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= SIZE) return this.push(null);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    try {
      const answer = await new Promise<{ bodyBytes: number }>((resolve, reject) => {
        const req = request(
          `${gw.url}/files/upload`,
          { method: 'POST', headers: { 'content-length': String(SIZE) } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(JSON.parse(text) as { bodyBytes: number }));
          },
        );
        req.on('error', reject);
        body.pipe(req);
      });
      expect(answer.bodyBytes).toBe(SIZE);
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before).toBeLessThan(MAX_RSS_GROWTH);
  }, 120_000);

  it('cancels the upstream request when the client goes away', async () => {
    const controller = new AbortController();
    const pending = fetch(`${gw.url}/files/slow?ms=10000`, { signal: controller.signal }).catch(
      (e: Error) => e,
    );
    await waitUntil(async () => upstream.active() === 1, 5000, 10);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await waitUntil(async () => upstream.active() === 0, 2000, 10);
  });
});
