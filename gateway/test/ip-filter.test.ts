// IP allow and deny lists (IPv4 and IPv6 CIDRs), and X-Forwarded-For believed only through trusted proxies.
import { ConfigError } from '@turnpike/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { readGatewayEnv } from '../src/config/env';
import { gatewayEnvVars, seedApi, startGateway, type RunningGateway } from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

let stores: TestStores;
let upstream: Upstream;
/** Trusts nobody: X-Forwarded-For is never believed. */
let plain: RunningGateway;
/** Trusts 127.0.0.1, 172.16.0.0/12 and 2001:db8:ffff::/48, but not ::1. */
let trusted: RunningGateway;

const TRUSTED = '127.0.0.1/32, 172.16.0.0/12,2001:db8:ffff::/48';

beforeAll(async () => {
  stores = await testStores('gwipfilter');
  upstream = await startUpstream();
  const target = { targets: [{ url: upstream.url }] };
  const api = (id: string, lists: { ipAllowList?: string[]; ipDenyList?: string[] }) =>
    seedApi(stores, { id, name: id, listenPath: `/${id}`, upstream: target, ...lists });
  await api('deny4', { ipDenyList: ['127.0.0.0/8'] });
  await api('deny6', { ipDenyList: ['::1/128'] });
  await api('allow4', { ipAllowList: ['127.0.0.1/32'] });
  await api('allow6', { ipAllowList: ['::1'] });
  await api('allownet', { ipAllowList: ['10.0.0.0/8', '2001:db8::/32'] });
  await api('denynet', { ipDenyList: ['203.0.113.0/24', '2001:db8:bad::/48', '198.51.100.99'] });
  await api('both', {
    ipAllowList: ['10.0.0.0/8', '2001:db8::/32'],
    ipDenyList: ['10.6.6.0/24', '2001:db8:6::/48'],
  });
  await api('open', {});
  plain = await startGateway(await gatewayEnvVars(stores));
  trusted = await startGateway(await gatewayEnvVars(stores, { GATEWAY_TRUSTED_PROXIES: TRUSTED }));
});

afterAll(async () => {
  await plain?.stop();
  await trusted?.stop();
  await upstream?.close();
  await stores?.cleanup();
});

/** The same gateway reached over IPv4 (127.0.0.1) or IPv6 (::1): its data port listens on both. */
function base(gw: RunningGateway, family: 4 | 6): string {
  const port = new URL(gw.url).port;
  return family === 4 ? `http://127.0.0.1:${port}` : `http://[::1]:${port}`;
}

interface Case {
  path: string;
  family: 4 | 6;
  xff?: string;
  status: 200 | 403;
}

async function check(gw: RunningGateway, cases: Case[]): Promise<void> {
  for (const c of cases) {
    const before = upstream.seen.length;
    const res = await fetch(base(gw, c.family) + c.path, {
      headers: c.xff === undefined ? {} : { 'x-forwarded-for': c.xff },
    });
    const body = await res.text();
    const where = `IPv${c.family} ${c.path} XFF=${c.xff ?? '-'} -> ${res.status} ${body.slice(0, 120)}`;
    expect.soft(res.status, where).toBe(c.status);
    if (c.status === 403) {
      expect
        .soft((JSON.parse(body) as { error?: { code: string } }).error?.code, where)
        .toBe('ip.denied');
      expect.soft(upstream.seen.length, `${where}: reached the upstream`).toBe(before);
    }
  }
}

describe('allow and deny lists, by the socket address', () => {
  it('applies IPv4 and IPv6 addresses and CIDRs to callers over either family', async () => {
    await check(plain, [
      { path: '/deny4/x', family: 4, status: 403 },
      { path: '/deny4/x', family: 6, status: 200 },
      { path: '/deny6/x', family: 6, status: 403 },
      { path: '/deny6/x', family: 4, status: 200 },
      { path: '/allow4/x', family: 4, status: 200 },
      { path: '/allow4/x', family: 6, status: 403 },
      { path: '/allow6/x', family: 6, status: 200 },
      { path: '/allow6/x', family: 4, status: 403 },
      { path: '/allownet/x', family: 4, status: 403 },
      { path: '/allownet/x', family: 6, status: 403 },
      { path: '/denynet/x', family: 4, status: 200 },
      { path: '/denynet/x', family: 6, status: 200 },
      { path: '/open/x', family: 4, status: 200 },
      { path: '/open/x', family: 6, status: 200 },
    ]);
  });
});

describe('X-Forwarded-For from an untrusted peer', () => {
  it('is ignored: a spoofed address neither opens an allow list nor trips a deny list', async () => {
    await check(plain, [
      { path: '/allownet/x', family: 4, xff: '10.1.2.3', status: 403 },
      { path: '/allownet/x', family: 6, xff: '2001:db8::1', status: 403 },
      { path: '/allow6/x', family: 4, xff: '::1', status: 403 },
      { path: '/allow4/x', family: 6, xff: '127.0.0.1', status: 403 },
      { path: '/denynet/x', family: 4, xff: '203.0.113.5', status: 200 },
      { path: '/deny4/x', family: 6, xff: '8.8.8.8', status: 200 },
      { path: '/deny4/x', family: 4, xff: '8.8.8.8', status: 403 },
    ]);
    // ::1 is not trusted by the second gateway: the same holds there.
    await check(trusted, [
      { path: '/allownet/x', family: 6, xff: '10.1.2.3', status: 403 },
      { path: '/denynet/x', family: 6, xff: '203.0.113.5', status: 200 },
      { path: '/deny6/x', family: 6, xff: '10.1.2.3', status: 403 },
    ]);
  });

  it('is passed upstream with the real peer appended', async () => {
    const res = await fetch(`${base(plain, 4)}/open/x`, {
      headers: { 'x-forwarded-for': '10.1.2.3' },
    });
    const echoed = (await res.json()) as { headers: Record<string, string> };
    expect(echoed.headers['x-forwarded-for']).toBe('10.1.2.3, 127.0.0.1');
  });
});

describe('X-Forwarded-For through trusted proxies (GATEWAY_TRUSTED_PROXIES)', () => {
  it('takes the first untrusted hop from the right as the client', async () => {
    await check(trusted, [
      // One trusted proxy in front.
      { path: '/allownet/x', family: 4, xff: '10.1.2.3', status: 200 },
      { path: '/allownet/x', family: 4, xff: '2001:db8::1', status: 200 },
      { path: '/allownet/x', family: 4, xff: '198.51.100.7', status: 403 },
      { path: '/denynet/x', family: 4, xff: '203.0.113.9', status: 403 },
      { path: '/denynet/x', family: 4, xff: '2001:db8:bad::1', status: 403 },
      { path: '/denynet/x', family: 4, xff: '2001:DB8:BAD:0:0:0:0:2', status: 403 },
      { path: '/denynet/x', family: 4, xff: '::ffff:203.0.113.9', status: 403 },
      { path: '/denynet/x', family: 4, xff: '198.51.100.99', status: 403 },
      { path: '/denynet/x', family: 4, xff: '198.51.100.98', status: 200 },
      // A chain of trusted proxies (172.16/12, 2001:db8:ffff::/48) is skipped from the right.
      { path: '/denynet/x', family: 4, xff: '203.0.113.9, 172.16.0.5', status: 403 },
      { path: '/denynet/x', family: 4, xff: '203.0.113.9, 172.16.0.5, 172.31.9.9', status: 403 },
      { path: '/denynet/x', family: 4, xff: '2001:db8:bad::7, 2001:db8:ffff::1', status: 403 },
      { path: '/allownet/x', family: 4, xff: '198.51.100.7,172.16.0.5', status: 403 },
      // What the caller wrote on the left of an untrusted hop is not believed.
      { path: '/allownet/x', family: 4, xff: '10.1.2.3, 198.51.100.7', status: 403 },
      { path: '/denynet/x', family: 4, xff: '203.0.113.9, 198.51.100.7', status: 200 },
      { path: '/denynet/x', family: 4, xff: '198.51.100.7, 203.0.113.9', status: 403 },
      { path: '/allownet/x', family: 4, xff: '10.1.2.3, 198.51.100.7, 172.16.0.5', status: 403 },
      // Deny wins over allow.
      { path: '/both/x', family: 4, xff: '10.1.2.3', status: 200 },
      { path: '/both/x', family: 4, xff: '10.6.6.6', status: 403 },
      { path: '/both/x', family: 4, xff: '2001:db8:6::1', status: 403 },
      { path: '/both/x', family: 4, xff: '2001:db8:7::1', status: 200 },
      // Nothing but trusted hops, or nothing at all: the client is the socket's peer.
      { path: '/deny4/x', family: 4, xff: '172.16.0.1, 127.0.0.1', status: 403 },
      { path: '/deny4/x', family: 4, xff: '', status: 403 },
      { path: '/deny4/x', family: 4, xff: ' , ', status: 403 },
      { path: '/allow4/x', family: 4, status: 200 },
    ]);
  });

  it('refuses a client address that is not an IP rather than letting it past a deny list', async () => {
    await check(trusted, [
      { path: '/denynet/x', family: 4, xff: 'garbage', status: 403 },
      { path: '/denynet/x', family: 4, xff: '203.0.113.9:4711', status: 403 },
      { path: '/denynet/x', family: 4, xff: '[2001:db8:bad::1]:443', status: 403 },
      { path: '/denynet/x', family: 4, xff: 'unknown', status: 403 },
      { path: '/allownet/x', family: 4, xff: '10.1.2.3:80', status: 403 },
      // APIs without address rules don't care.
      { path: '/open/x', family: 4, xff: 'garbage', status: 200 },
    ]);
  });
});

describe('GATEWAY_TRUSTED_PROXIES', () => {
  it('stops the gateway at start with one line naming the variable when an entry is not a CIDR', () => {
    const env = {
      MONGODB_URL: 'mongodb://127.0.0.1:1/x',
      REDIS_URL: 'redis://127.0.0.1:1',
      GATEWAY_SECRET: 'x'.repeat(32),
    };
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.0/8;1.2.3.4', '::1/129']) {
      let error: unknown;
      try {
        readGatewayEnv({ ...env, GATEWAY_TRUSTED_PROXIES: bad });
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect(String((error as Error).message), bad).toContain('GATEWAY_TRUSTED_PROXIES');
    }
    expect(readGatewayEnv({ ...env, GATEWAY_TRUSTED_PROXIES: TRUSTED }).trustedProxies).toEqual([
      '127.0.0.1/32',
      '172.16.0.0/12',
      '2001:db8:ffff::/48',
    ]);
  });
});
