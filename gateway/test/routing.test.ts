// Routing: the Router and path normalisation as units, then 10,000 APIs loaded from MongoDB and routed by a real gateway.
import { request } from 'node:http';
import {
  apiDefinitionSchema,
  joinSegments,
  listenPathsConflict,
  normaliseListenPath,
  pathSegments,
  type ApiDefinitionInput,
} from '@turnpike/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { Router } from '../src/router';
import { gatewayEnvVars, startGateway, type RunningGateway } from './support/gateway';
import { startUpstream, type Upstream } from './support/upstream';

const split = (listenPath: string) => listenPath.split('/').filter((s) => s !== '');

describe('Router', () => {
  function router(routes: [string, string[], string][]): Router<string> {
    const r = new Router<string>();
    for (const [listenPath, hosts, name] of routes)
      expect(r.add(split(listenPath), hosts, name), name).toBe(true);
    return r;
  }
  const matched = (r: Router<string>, host: string | undefined, path: string) => {
    const m = r.match(host, split(path));
    return m === undefined ? undefined : `${m.value}@${m.depth}`;
  };

  it('matches whole segments, longest listen path first, and says how deep', () => {
    const r = router([
      ['/httpbin', [], 'httpbin'],
      ['/httpbin/private', [], 'private'],
      ['/a/b/c', [], 'abc'],
    ]);
    const table: [string, string | undefined][] = [
      ['/httpbin', 'httpbin@1'],
      ['/httpbin/get', 'httpbin@1'],
      ['/httpbin/private', 'private@2'],
      ['/httpbin/private/x/y', 'private@2'],
      ['/httpbin/privatex', 'httpbin@1'],
      ['/httpbinx', undefined],
      ['/httpbi', undefined],
      ['/HTTPBIN', undefined],
      ['/', undefined],
      ['/a/b/c/d', 'abc@3'],
      ['/a/b', undefined],
      ['/a', undefined],
    ];
    for (const [path, expected] of table) expect(matched(r, undefined, path), path).toBe(expected);
  });

  it('a root listen path catches what nothing longer claims, at depth 0', () => {
    const r = router([
      ['/', [], 'root'],
      ['/api', [], 'api'],
    ]);
    expect(matched(r, undefined, '/')).toBe('root@0');
    expect(matched(r, undefined, '/anything/else')).toBe('root@0');
    expect(matched(r, undefined, '/api/v1')).toBe('api@1');
  });

  it('refuses a second API at the same place and keeps the first', () => {
    const r = router([['/a', [], 'first']]);
    expect(r.add(['a'], [], 'second')).toBe(false);
    expect(matched(r, undefined, '/a/x')).toBe('first@1');
    // The same path on a host is another place.
    expect(r.add(['a'], ['h.example'], 'hosted')).toBe(true);
    expect(r.add(['a'], ['H.EXAMPLE'], 'again')).toBe(false);
  });

  it('an API bound to the request host wins over one without, whatever their lengths', () => {
    const r = router([
      ['/', ['a.example'], 'a-root'],
      ['/orders', ['a.example'], 'a-orders'],
      ['/orders/archive', [], 'any-archive'],
      ['/users', [], 'any-users'],
    ]);
    const table: [string | undefined, string, string | undefined][] = [
      ['a.example', '/orders/archive', 'a-orders@1'],
      ['a.example', '/users', 'a-root@0'],
      ['A.Example:8080', '/orders', 'a-orders@1'],
      ['a.example.', '/orders', 'a-orders@1'],
      ['b.example', '/orders/archive', 'any-archive@2'],
      ['b.example', '/users/1', 'any-users@1'],
      ['b.example', '/orders', undefined],
      [undefined, '/orders/archive', 'any-archive@2'],
      ['a.example.evil', '/orders', undefined],
      ['evil.a.example', '/orders', undefined],
    ];
    for (const [host, path, expected] of table)
      expect(matched(r, host, path), `${host} ${path}`).toBe(expected);
  });

  it('falls back to APIs without hosts when the host has none at that path', () => {
    const r = router([
      ['/orders', ['a.example'], 'a-orders'],
      ['/users', [], 'any-users'],
    ]);
    expect(matched(r, 'a.example', '/users/2')).toBe('any-users@1');
    expect(matched(r, 'a.example', '/nothing')).toBeUndefined();
  });

  it('matches IPv6 literal hosts with and without a port', () => {
    const r = router([['/v6', ['[::1]'], 'v6']]);
    expect(matched(r, '[::1]:8080', '/v6')).toBe('v6@1');
    expect(matched(r, '[::1]', '/v6')).toBe('v6@1');
    expect(matched(r, '127.0.0.1', '/v6')).toBeUndefined();
  });

  it('"*.domain" hosts match subdomains at any depth, after the exact host and the more specific wildcard', () => {
    const r = router([
      ['/', ['*.example.com'], 'wild'],
      ['/', ['*.eu.example.com'], 'wild-eu'],
      ['/', ['api.eu.example.com'], 'exact'],
      ['/', [], 'any'],
    ]);
    const table: [string, string][] = [
      ['shop.example.com', 'wild@0'],
      ['a.b.example.com', 'wild@0'],
      ['paris.eu.example.com', 'wild-eu@0'],
      ['api.eu.example.com', 'exact@0'],
      ['API.EU.example.com:443', 'exact@0'],
      ['example.com', 'any@0'],
      ['example.com.evil', 'any@0'],
      ['notexample.com', 'any@0'],
    ];
    for (const [host, expected] of table) expect(matched(r, host, '/x'), host).toBe(expected);
  });

  it('adds an API on several hosts all or nothing', () => {
    const r = router([['/x', ['a.test', 'b.test'], 'first']]);
    expect(r.add(['x'], ['c.test', 'b.test'], 'second')).toBe(false);
    // c.test must not have been half-claimed by the refused API.
    expect(matched(r, 'c.test', '/x')).toBeUndefined();
    expect(matched(r, 'b.test', '/x')).toBe('first@1');
    expect(r.add(['x'], ['c.test', 'C.test'], 'third')).toBe(true);
    expect(matched(r, 'c.test', '/x')).toBe('third@1');
  });

  it('compares segments literally: decoding is pathSegments’ work, not the router’s', () => {
    const r = router([['/httpbin', [], 'httpbin']]);
    expect(r.match(undefined, ['%68ttpbin'])).toBeUndefined();
    expect(r.match(undefined, pathSegments('/%68ttpbin/get')!)?.value).toBe('httpbin');
  });
});

describe('pathSegments and joinSegments', () => {
  const table: [string, string[] | null][] = [
    ['/', []],
    ['/a/b', ['a', 'b']],
    ['/a//b/', ['a', 'b']],
    ['//a', ['a']],
    ['/a/./b', ['a', 'b']],
    ['/a/.', ['a']],
    ['/a/../b', ['b']],
    ['/a/..', []],
    ['/a/b/../../c', ['c']],
    ['/..', null],
    ['/a/../..', null],
    ['/a/%2e%2e/b', ['b']],
    ['/a/%2E/b', ['a', 'b']],
    ['/a/.%2e/b', ['b']],
    ['/%68ttpbin', ['httpbin']],
    ['/a%2Fb', null],
    ['/a%2fb', null],
    ['/a%5Cb', null],
    ['/a\\b', null],
    ['/a%00', null],
    ['/%ff', null],
    ['/%c0%ae', null],
    ['/%', null],
    ['/%2', null],
    ['/%C3%A9', ['é']],
    ['/a%20b', ['a b']],
    ['/a;b', ['a;b']],
    ['/..;/a', null],
    ['/.;/a', null],
    ['/..;x=1/a', null],
    ['/a/%2e%2e;/b', null],
    ['/...', ['...']],
    ['/.hidden/x', ['.hidden', 'x']],
    ['/a..b', ['a..b']],
    ['/%252e%252e', ['%2e%2e']],
    ['/a#b', ['a#b']],
    ['http://x/a', null],
    ['*', null],
    ['a/b', null],
  ];

  it('normalises or refuses each path as the table says', () => {
    for (const [raw, expected] of table) expect(pathSegments(raw), raw).toEqual(expected);
  });

  it('joinSegments encodes what is not safe and keeps the trailing slash only when asked', () => {
    expect(joinSegments([], false)).toBe('/');
    expect(joinSegments([], true)).toBe('/');
    expect(joinSegments(['a', 'b'], false)).toBe('/a/b');
    expect(joinSegments(['a', 'b'], true)).toBe('/a/b/');
    expect(joinSegments(['é', 'a b', '%2e', 'a?b', 'c#d'], false)).toBe(
      '/%C3%A9/a%20b/%252e/a%3Fb/c%23d',
    );
    expect(joinSegments(['a;b=c', 'x:y@z', "~!$&'()*+,="], false)).toBe("/a;b=c/x:y@z/~!$&'()*+,=");
    expect(joinSegments(['a/b', 'c\\d'], false)).toBe('/a%2Fb/c%5Cd');
  });

  it('what is forwarded parses back to what was routed', () => {
    for (const [raw, segments] of table) {
      if (segments === null) continue;
      expect(pathSegments(joinSegments(segments, false)), raw).toEqual(segments);
    }
  });

  it('normalises listen paths and spots conflicts', () => {
    expect(normaliseListenPath('/httpbin/')).toBe('/httpbin');
    expect(normaliseListenPath('//a//b')).toBe('/a/b');
    expect(normaliseListenPath('/')).toBe('/');
    for (const bad of ['httpbin', '/a/../b', '/./a', '/%61', '/a\\b', '/a b'])
      expect(normaliseListenPath(bad), bad).toBeNull();
    expect(listenPathsConflict('/a/', '/a')).toBe(true);
    expect(listenPathsConflict('/a', '/a/b')).toBe(false);
  });
});

describe('10,000 APIs from MongoDB', () => {
  const ORGS = 50;
  const LEAVES = 9_940;
  const HOSTED = 10;

  let stores: TestStores;
  let upstreams: Upstream[];
  let gw: RunningGateway & { gateway: { status: { apis: number } } };

  /** 50 parents (/orgK), 9,940 leaves under them (/orgK/svcI) and 10 APIs bound to a host at a leaf's path. */
  function definitions(): ApiDefinitionInput[] {
    const target = (n: number, base: string) => ({
      targets: [{ url: `${upstreams[n % 3]!.url}/${base}` }],
    });
    const apis: ApiDefinitionInput[] = [];
    for (let k = 0; k < ORGS; k++)
      apis.push({
        id: `org-${k}`,
        name: `Org ${k}`,
        listenPath: `/org${k}`,
        upstream: target(k, `org-${k}`),
      });
    for (let i = 0; i < LEAVES; i++) {
      apis.push({
        id: `api-${i}`,
        name: `API ${i}`,
        listenPath: `/org${i % ORGS}/svc${i}/`,
        upstream: target(i, `api-${i}`),
      });
    }
    for (let j = 0; j < HOSTED - 1; j++) {
      apis.push({
        id: `host-${j}`,
        name: `Host ${j}`,
        listenPath: `/org${j}/svc${j}`,
        hosts: [`h${j}.example`],
        upstream: target(j + 1, `host-${j}`),
      });
    }
    apis.push({
      id: 'wild',
      name: 'Wildcard',
      listenPath: '/org1',
      hosts: ['*.wild.example'],
      upstream: target(0, 'wild'),
    });
    return apis;
  }

  beforeAll(async () => {
    stores = await testStores('gwrouting');
    upstreams = await Promise.all([0, 1, 2].map((n) => startUpstream({ name: `U${n}` })));
    const docs = definitions().map((input) => {
      const api = apiDefinitionSchema.parse(input);
      return { _id: api.id as never, ...api };
    });
    expect(docs).toHaveLength(10_000);
    const collection = stores.mongo.db(stores.dbName).collection('apis');
    for (let i = 0; i < docs.length; i += 1000)
      await collection.insertMany(docs.slice(i, i + 1000), { ordered: false });
    gw = await startGateway(await gatewayEnvVars(stores));
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all((upstreams ?? []).map((u) => u.close()));
    await stores?.cleanup();
  });

  /** GET through the gateway with any Host header (fetch won't set Host); answers who served it and the URL it saw. */
  function get(
    path: string,
    host?: string,
  ): Promise<{ status: number; upstream?: string; url?: string }> {
    const url = new URL(gw.url);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path, headers: host ? { host } : {} },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => {
            if (res.statusCode !== 200) return resolve({ status: res.statusCode ?? 0 });
            const echoed = JSON.parse(body) as { upstream: string; url: string };
            resolve({ status: 200, upstream: echoed.upstream, url: echoed.url });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  const leaf = (i: number, rest = '/x') => ({
    status: 200,
    upstream: `U${i % 3}`,
    url: `/api-${i}${rest}`,
  });

  it('loads every one of them', () => {
    expect(gw.gateway.status.apis).toBe(10_000);
  });

  it('routes spot checks to the right API and upstream, longest listen path first', async () => {
    const table: [string, { status: number; upstream?: string; url?: string }][] = [
      ['/org0/svc0/x', leaf(0)],
      ['/org7/svc107/x', leaf(107)],
      ['/org7/svc107/a/b?q=1', leaf(107, '/a/b?q=1')],
      ['/org7/svc107', leaf(107, '/')],
      ['/org39/svc9939/x', leaf(9939)],
      ['/org39/svc4989/x', leaf(4989)],
      ['/org7/svc107x', { status: 200, upstream: 'U1', url: '/org-7/svc107x' }],
      ['/org7/svc108/x', { status: 200, upstream: 'U1', url: '/org-7/svc108/x' }],
      ['/org7', { status: 200, upstream: 'U1', url: '/org-7/' }],
      ['/org49', { status: 200, upstream: 'U1', url: '/org-49/' }],
      ['/org50', { status: 404 }],
      ['/org7x/svc107', { status: 404 }],
      ['/svc107', { status: 404 }],
      ['/org7/../org8/svc58/x', leaf(58)],
    ];
    for (const [path, expected] of table) expect(await get(path), path).toEqual(expected);
  });

  it('routes a deterministic sample of 300 leaves', async () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const failures: string[] = [];
    for (let n = 0; n < 300; n++) {
      const i = next() % LEAVES;
      const got = await get(`/org${i % ORGS}/svc${i}/item/${n}`);
      const expected = leaf(i, `/item/${n}`);
      if (JSON.stringify(got) !== JSON.stringify(expected))
        failures.push(`${i}: ${JSON.stringify(got)}`);
    }
    expect(failures).toEqual([]);
  });

  it('an API bound to a Host wins for that host over one without, and only for it', async () => {
    const hosted = (j: number, rest = '/x') => ({
      status: 200,
      upstream: `U${(j + 1) % 3}`,
      url: `/host-${j}${rest}`,
    });
    expect(await get('/org3/svc3/x', 'h3.example')).toEqual(hosted(3));
    expect(await get('/org3/svc3/x', 'H3.Example:8080')).toEqual(hosted(3));
    expect(await get('/org3/svc3/x', 'h4.example')).toEqual(leaf(3));
    expect(await get('/org3/svc3/x')).toEqual(leaf(3));
    // The host has no API at this path: the APIs without hosts serve it.
    expect(await get('/org3/svc53/x', 'h3.example')).toEqual(leaf(53));
    expect(await get('/org1/svc1/x', 'shop.wild.example')).toEqual({
      status: 200,
      upstream: 'U0',
      url: '/wild/svc1/x',
    });
    expect(await get('/org1/svc1/x', 'wild.example')).toEqual(leaf(1));
  });
});
