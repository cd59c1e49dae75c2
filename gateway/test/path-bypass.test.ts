// Path-bypass corpus over raw sockets: no request reaches an upstream it should not, nor escapes its listen path.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import {
  gatewayEnvVars,
  seedApi,
  seedKey,
  startGateway,
  type RunningGateway,
} from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

let stores: TestStores;
let publicUpstream: Upstream; // "A": serves /httpbin (under a base path) and /keep
let adminUpstream: Upstream; // "B": only ever reachable with a key, and never from a denied address
let gw: RunningGateway;
let port: number;
let adminKey: string;

/** Where upstream A serves the /httpbin API: every path it receives for it must stay under this. */
const BASE = '/httpbin-root';

beforeAll(async () => {
  stores = await testStores('gwpathbypass');
  publicUpstream = await startUpstream({ name: 'A' });
  adminUpstream = await startUpstream({ name: 'B' });
  const a = publicUpstream.url;
  const b = adminUpstream.url;
  await seedApi(stores, {
    id: 'httpbin',
    name: 'HTTPBin',
    listenPath: '/httpbin',
    upstream: { targets: [{ url: a + BASE }] },
  });
  await seedApi(stores, {
    id: 'keep',
    name: 'Keep',
    listenPath: '/keep',
    stripListenPath: false,
    upstream: { targets: [{ url: a }] },
  });
  await seedApi(stores, {
    id: 'private',
    name: 'Private',
    listenPath: '/httpbin/private',
    auth: { type: 'key' },
    upstream: { targets: [{ url: b }] },
  });
  await seedApi(stores, {
    id: 'admin',
    name: 'Admin',
    listenPath: '/admin',
    auth: { type: 'key' },
    upstream: { targets: [{ url: b }] },
  });
  await seedApi(stores, {
    id: 'blocked',
    name: 'Blocked',
    listenPath: '/blocked',
    ipDenyList: ['127.0.0.0/8', '::1'],
    upstream: { targets: [{ url: b }] },
  });
  await seedApi(stores, {
    id: 'internal',
    name: 'Internal only',
    listenPath: '/internal',
    internal: true,
    upstream: { targets: [{ url: b }] },
  });
  adminKey = (await seedKey(stores, { alias: 'admin', apis: ['admin', 'private'] })).raw;
  gw = await startGateway(await gatewayEnvVars(stores));
  port = Number(new URL(gw.url).port);
});

afterAll(async () => {
  await gw?.stop();
  await publicUpstream?.close();
  await adminUpstream?.close();
  await stores?.cleanup();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends a request line exactly as written (fetch and undici would normalise it) and reads the whole answer. */
function rawRequest(
  target: string,
  options: { method?: string; version?: string; headers?: string[] } = {},
): Promise<RawResponse> {
  const head = [
    `${options.method ?? 'GET'} ${target} ${options.version ?? 'HTTP/1.1'}`,
    ...(options.headers ?? [`Host: 127.0.0.1:${port}`]),
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from(head, 'latin1')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      if (split === -1)
        return reject(new Error(`no HTTP response for ${target}: ${JSON.stringify(raw)}`));
      const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body = raw.slice(split + 4);
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body });
    });
  });
}

function dechunk(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** True when a path the upstream received has a dot segment, an encoded separator or a backslash, raw or decoded once. */
function escapes(url: string): boolean {
  const path = url.split('?')[0]!;
  if (path.includes('\\')) return true;
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return true;
    }
    const beforeParams = decoded.split(';')[0]!;
    if (
      beforeParams === '.' ||
      beforeParams === '..' ||
      decoded.includes('/') ||
      decoded.includes('\\') ||
      decoded.includes('\0')
    )
      return true;
  }
  return false;
}

interface Case {
  target: string;
  status: number;
  /** Set when the request must reach upstream A: the exact URL A receives. */
  reachesA?: string;
  code?: string;
  method?: string;
  version?: string;
  headers?: string[];
}

const MISSING = 'auth.key_missing';
const INVALID = 'request.invalid';
const NOT_FOUND = 'route.not_found';

/** Attempts to reach B (the admin and private APIs, or the address-denied one) or to climb out of A's base path. */
const corpus: Case[] = [
  // The plain routes, as a baseline.
  { target: '/httpbin', status: 200, reachesA: `${BASE}/` },
  { target: '/httpbin/', status: 200, reachesA: `${BASE}/` },
  { target: '/httpbin/get?a=1', status: 200, reachesA: `${BASE}/get?a=1` },
  { target: '/admin', status: 401, code: MISSING },
  { target: '/admin/', status: 401, code: MISSING },
  { target: '/admin/users', status: 401, code: MISSING },
  { target: '/blocked/x', status: 403, code: 'ip.denied' },
  // Dot segments and empty segments resolve before routing: the path that is checked is the path it names.
  { target: '//admin', status: 401, code: MISSING },
  { target: '///admin//users', status: 401, code: MISSING },
  { target: '/./admin', status: 401, code: MISSING },
  { target: '/httpbin/../admin', status: 401, code: MISSING },
  { target: '/httpbin/./../admin/x', status: 401, code: MISSING },
  { target: '/httpbin/get/../../admin', status: 401, code: MISSING },
  { target: '/httpbin/../blocked', status: 403, code: 'ip.denied' },
  { target: '/httpbin/%2e%2e/admin', status: 401, code: MISSING },
  { target: '/httpbin/%2E%2E/admin', status: 401, code: MISSING },
  { target: '/httpbin/.%2e/admin', status: 401, code: MISSING },
  { target: '/httpbin/%2e./admin', status: 401, code: MISSING },
  { target: '/httpbin/%2e/../admin', status: 401, code: MISSING },
  { target: '/httpbin;/../admin', status: 401, code: MISSING },
  { target: '/httpbinx/../admin', status: 401, code: MISSING },
  { target: '/httpbin#/../admin', status: 401, code: MISSING },
  { target: '/%61dmin', status: 401, code: MISSING },
  { target: '/%41dmin', status: 404, code: NOT_FOUND },
  { target: '/%62locked/x', status: 403, code: 'ip.denied' },
  // Encoded separators, NUL, backslashes, bad or overlong encodings: refused outright.
  { target: '/httpbin/..%2Fadmin', status: 400, code: INVALID },
  { target: '/httpbin/..%2fadmin', status: 400, code: INVALID },
  { target: '/httpbin%2F..%2Fadmin', status: 400, code: INVALID },
  { target: '/httpbin%2f%2e%2e%2fadmin', status: 400, code: INVALID },
  { target: '/httpbin/%2F../admin', status: 400, code: INVALID },
  { target: '/httpbin/%2F%2E%2E%2Fadmin', status: 400, code: INVALID },
  { target: '/httpbin%00', status: 400, code: INVALID },
  { target: '/httpbin/%00/../admin', status: 400, code: INVALID },
  { target: '/admin%00', status: 400, code: INVALID },
  { target: '/httpbin\\..\\admin', status: 400, code: INVALID },
  { target: '/httpbin/..\\admin', status: 400, code: INVALID },
  { target: '/httpbin/%5c..%5cadmin', status: 400, code: INVALID },
  { target: '/httpbin/%5C%2E%2E%5Cadmin', status: 400, code: INVALID },
  { target: '/httpbin/%c0%ae%c0%ae/admin', status: 400, code: INVALID },
  { target: '/httpbin/%e0%80%ae%e0%80%ae/admin', status: 400, code: INVALID },
  { target: '/httpbin/%c0%af../admin', status: 400, code: INVALID },
  { target: '/httpbin/%u002e%u002e/admin', status: 400, code: INVALID },
  { target: '/httpbin/%ff', status: 400, code: INVALID },
  { target: '/httpbin/%2', status: 400, code: INVALID },
  { target: '/httpbin/%zz', status: 400, code: INVALID },
  // Path parameters that Tomcat, Jetty and Spring read as dot segments: refused, never forwarded.
  { target: '/httpbin/..;/admin', status: 400, code: INVALID },
  { target: '/httpbin/..;jsessionid=1/admin', status: 400, code: INVALID },
  { target: '/httpbin/.;/..;/admin', status: 400, code: INVALID },
  { target: '/httpbin/%2e%2e;/admin', status: 400, code: INVALID },
  { target: '/httpbin/..%3b/admin', status: 400, code: INVALID },
  { target: '/keep/..;/admin', status: 400, code: INVALID },
  // Climbing above the root is refused, not clamped.
  { target: '/../admin', status: 400, code: INVALID },
  { target: '/httpbin/../../admin', status: 400, code: INVALID },
  { target: '/httpbin/%2e%2e/%2e%2e/admin', status: 400, code: INVALID },
  { target: '/httpbin/' + 'a/'.repeat(4200), status: 400, code: INVALID },
  // Not origin-form: absolute-form, asterisk-form and relative targets are refused, whatever they name.
  { target: 'http://127.0.0.1/admin', status: 400 },
  { target: 'http://127.0.0.1/httpbin/../admin', status: 400 },
  { target: 'http://x/httpbin/get', status: 400 },
  { target: '*', method: 'OPTIONS', status: 400 },
  { target: 'admin', status: 400 },
  { target: '\\admin', status: 400 },
  // An API marked internal is not on the public listener, however it is asked for.
  { target: '/internal/x', status: 404, code: NOT_FOUND },
  { target: '/httpbin/../internal/x', status: 404, code: NOT_FOUND },
  { target: '/%69nternal', status: 404, code: NOT_FOUND },
  { target: '/internal/x', headers: ['Host: 127.0.0.1:8082'], status: 404, code: NOT_FOUND },
  { target: 'http://127.0.0.1:8082/internal/x', status: 400 },
  // Listen paths match whole segments, case-sensitively.
  { target: '/httpbinx', status: 404, code: NOT_FOUND },
  { target: '/httpbin.json', status: 404, code: NOT_FOUND },
  { target: '/httpbin..', status: 404, code: NOT_FOUND },
  { target: '/httpbin/..', status: 404, code: NOT_FOUND },
  { target: '/adminx', status: 404, code: NOT_FOUND },
  { target: '/ADMIN', status: 404, code: NOT_FOUND },
  { target: '/admin;x', status: 404, code: NOT_FOUND },
  { target: '/admin#x', status: 404, code: NOT_FOUND },
  // The longest listen path wins however the path is spelt.
  { target: '/httpbin/private', status: 401, code: MISSING },
  { target: '/httpbin/private/', status: 401, code: MISSING },
  { target: '/httpbin/private/x', status: 401, code: MISSING },
  { target: '/httpbin/./private/x', status: 401, code: MISSING },
  { target: '/httpbin//private/x', status: 401, code: MISSING },
  { target: '/httpbin/%70rivate/x', status: 401, code: MISSING },
  { target: '/httpbin/x/../private', status: 401, code: MISSING },
  { target: '/%68ttpbin/private', status: 401, code: MISSING },
  // Other methods and HTTP/1.0 without Host change nothing.
  { target: '/httpbin/../admin', method: 'HEAD', status: 401 },
  { target: '/httpbin/../admin', method: 'DELETE', status: 401, code: MISSING },
  { target: '/httpbin/../admin', method: 'OPTIONS', status: 401, code: MISSING },
  { target: '/httpbin/../admin', version: 'HTTP/1.0', headers: [], status: 401, code: MISSING },
  // What reaches A is exactly what was routed: decoded, resolved, re-encoded, always under A's base path.
  { target: '/%68ttpbin/get', status: 200, reachesA: `${BASE}/get` },
  { target: '/%68%74%74%70%62%69%6e/get', status: 200, reachesA: `${BASE}/get` },
  { target: '/httpbin/%67et', status: 200, reachesA: `${BASE}/get` },
  { target: '/httpbin/./get', status: 200, reachesA: `${BASE}/get` },
  { target: '/httpbin//get//', status: 200, reachesA: `${BASE}/get/` },
  { target: '/httpbin/a/b/../../get', status: 200, reachesA: `${BASE}/get` },
  { target: '/httpbin/private/../get', status: 200, reachesA: `${BASE}/get` },
  { target: '/httpbin/privatex', status: 200, reachesA: `${BASE}/privatex` },
  { target: '/httpbin/%252e%252e/admin', status: 200, reachesA: `${BASE}/%252e%252e/admin` },
  {
    target: '/httpbin/%25%32%65%25%32%65/admin',
    status: 200,
    reachesA: `${BASE}/%252e%252e/admin`,
  },
  { target: '/httpbin/%252f..%252fadmin', status: 200, reachesA: `${BASE}/%252f..%252fadmin` },
  { target: '/httpbin/...', status: 200, reachesA: `${BASE}/...` },
  { target: '/httpbin/a;b', status: 200, reachesA: `${BASE}/a;b` },
  { target: '/httpbin/%C3%A9t%C3%A9', status: 200, reachesA: `${BASE}/%C3%A9t%C3%A9` },
  { target: '/httpbin/a%20b', status: 200, reachesA: `${BASE}/a%20b` },
  { target: '/httpbin/x#y', status: 200, reachesA: `${BASE}/x%23y` },
  { target: '/httpbin/%3F/../admin', status: 200, reachesA: `${BASE}/admin` },
  { target: '/httpbin/%23/../admin', status: 200, reachesA: `${BASE}/admin` },
  {
    target: '/httpbin/get?next=/../admin&p=%2e%2e',
    status: 200,
    reachesA: `${BASE}/get?next=/../admin&p=%2e%2e`,
  },
  { target: '/httpbin?/../admin', status: 200, reachesA: `${BASE}/?/../admin` },
  { target: '/keep/x', status: 200, reachesA: '/keep/x' },
  { target: '/%6beep/x', status: 200, reachesA: '/keep/x' },
  { target: '/%6B%65%65%70', status: 200, reachesA: '/keep' },
  { target: '/keep/./y/../x', status: 200, reachesA: '/keep/x' },
  { target: '//keep//x', status: 200, reachesA: '/keep/x' },
  { target: '/httpbin/../keep/x', status: 200, reachesA: '/keep/x' },
];

describe('path bypass', () => {
  it(`routes each of ${corpus.length} crafted request lines to the API the normalised path names, or refuses it`, async () => {
    for (const c of corpus) {
      const seenA = publicUpstream.seen.length;
      const res = await rawRequest(c.target, c);
      const where = `${c.method ?? 'GET'} ${c.target} -> ${res.status} ${res.body.slice(0, 160)}`;
      // Soft: one run reports every line that misbehaves, not just the first.
      expect.soft(res.status, where).toBe(c.status);
      if (c.code && res.headers['content-type'] === 'application/json') {
        expect
          .soft((JSON.parse(res.body) as { error?: { code: string } }).error?.code, where)
          .toBe(c.code);
      } else if (c.code) {
        expect
          .soft(res.headers['content-type'], `${where}: not a contract error`)
          .toBe('application/json');
      }
      const reached = publicUpstream.seen.slice(seenA).map((s) => s.url);
      expect.soft(reached, where).toEqual(c.reachesA === undefined ? [] : [c.reachesA]);
      expect
        .soft(
          adminUpstream.seen.map((s) => s.url),
          `${where}: upstream B was reached`,
        )
        .toEqual([]);
    }
    // Whatever A received stays where it was routed: under its base path or the unstripped /keep.
    for (const { url } of publicUpstream.seen) {
      expect.soft(escapes(url), url).toBe(false);
      expect
        .soft(url === '/keep' || url.startsWith('/keep/') || url.startsWith(`${BASE}/`), url)
        .toBe(true);
    }
  });

  it('lets the same spellings through to B with a key, at the path they name', async () => {
    const key = [`Host: 127.0.0.1:${port}`, `X-API-Key: ${adminKey}`];
    const cases: [string, string][] = [
      ['/admin/users', '/users'],
      ['/httpbin/../admin/users', '/users'],
      ['/httpbin/%2e%2e/admin/users', '/users'],
      ['//admin//users/', '/users/'],
      ['/httpbin/private/x', '/x'],
      ['/httpbin/%70rivate/../private/y', '/y'],
    ];
    for (const [target, expected] of cases) {
      const before = adminUpstream.seen.length;
      const res = await rawRequest(target, { headers: key });
      expect(res.status, target).toBe(200);
      expect(JSON.parse(res.body).upstream, target).toBe('B');
      expect(
        adminUpstream.seen.slice(before).map((s) => s.url),
        target,
      ).toEqual([expected]);
    }
  });

  it('serves the internal API on the internal listener, where it belongs', async () => {
    const before = adminUpstream.seen.length;
    const res = await fetch(`${gw.internalUrl}/internal/x`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { upstream: string }).upstream).toBe('B');
    expect(adminUpstream.seen.slice(before).map((s) => s.url)).toEqual(['/x']);
  });

  it('does not let a key for one API open another through a crafted path', async () => {
    const httpbinOnly = (await seedKey(stores, { alias: 'other', apis: ['httpbin'] })).raw;
    const before = adminUpstream.seen.length;
    for (const target of [
      '/httpbin/../admin',
      '/httpbin/%2e%2e/admin/x',
      '/httpbin/private/x',
      '/httpbin/%70rivate',
    ]) {
      const res = await rawRequest(target, {
        headers: [`Host: 127.0.0.1:${port}`, `Authorization: Bearer ${httpbinOnly}`],
      });
      expect(res.status, target).toBe(403);
    }
    expect(adminUpstream.seen.length).toBe(before);
  });
});
