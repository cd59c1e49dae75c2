// The API definition schema: valid definitions pass with defaults, each invalid field is named by its path.
import { describe, expect, it } from 'vitest';
import { apiDefinitionSchema, fieldErrors } from '@turnpike/common';

const minimal = {
  id: 'httpbin',
  name: 'HTTPBin',
  listenPath: '/httpbin/',
  upstream: { targets: [{ url: 'http://127.0.0.1:9000' }] },
};

function failingPaths(input: unknown): string[] {
  const result = apiDefinitionSchema.safeParse(input);
  if (result.success) return [];
  return fieldErrors(result.error).map((f) => f.path);
}

describe('apiDefinitionSchema', () => {
  it('accepts the minimal definition and fills the defaults', () => {
    const api = apiDefinitionSchema.parse(minimal);
    expect(api.active).toBe(true);
    expect(api.stripListenPath).toBe(true);
    expect(api.auth).toEqual({ type: 'keyless' });
    expect(api.upstream.targets[0]?.weight).toBe(1);
    expect(api.upstream.timeoutMs).toBe(30_000);
    expect(api.cache.enabled).toBe(false);
    expect(api.cors.allowedOrigins).toEqual(['*']);
    expect(api.rateLimit).toBeNull();
  });

  it('accepts the full example of DESIGN.md', () => {
    const api = apiDefinitionSchema.parse({
      ...minimal,
      active: true,
      stripListenPath: true,
      hosts: [],
      upstream: {
        targets: [{ url: 'http://127.0.0.1:9000', weight: 1 }],
        timeoutMs: 30000,
        retries: 0,
        healthCheck: { path: '/health', intervalMs: 5000 },
        circuitBreaker: { failureThreshold: 5, resetAfterMs: 10000 },
      },
      auth: { type: 'keyless' },
      rateLimit: { rate: 1000, per: 60 },
      cache: { enabled: false, ttlSeconds: 60 },
      cors: { enabled: false, allowedOrigins: ['*'] },
      ipAllowList: [],
      ipDenyList: [],
    });
    expect(api.upstream.healthCheck?.timeoutMs).toBe(2000);
    expect(api.upstream.circuitBreaker?.failureThreshold).toBe(5);
  });

  it.each([
    ['id', { ...minimal, id: 'has space' }],
    ['name', { ...minimal, name: '' }],
    ['listenPath', { ...minimal, listenPath: 'no-slash' }],
    ['listenPath', { ...minimal, listenPath: '/a/../b' }],
    ['listenPath', { ...minimal, listenPath: '/a/%2e%2e' }],
    ['upstream.targets', { ...minimal, upstream: { targets: [] } }],
    ['upstream.targets.0.url', { ...minimal, upstream: { targets: [{ url: 'ftp://x' }] } }],
    [
      'upstream.targets.0.weight',
      { ...minimal, upstream: { targets: [{ url: 'http://x', weight: 0 }] } },
    ],
    ['upstream.timeoutMs', { ...minimal, upstream: { ...minimal.upstream, timeoutMs: -1 } }],
    ['upstream.retries', { ...minimal, upstream: { ...minimal.upstream, retries: 99 } }],
    ['auth.type', { ...minimal, auth: { type: 'basic' } }],
    [
      'auth.algorithms',
      { ...minimal, auth: { type: 'jwt', algorithms: [], secret: 'x'.repeat(32) } },
    ],
    [
      'auth.algorithms',
      { ...minimal, auth: { type: 'jwt', algorithms: ['RS256'], secret: 'x'.repeat(32) } },
    ],
    [
      'auth.algorithms.0',
      { ...minimal, auth: { type: 'jwt', algorithms: ['none'], secret: 'x'.repeat(32) } },
    ],
    ['auth.secret', { ...minimal, auth: { type: 'jwt', algorithms: ['HS256'], secret: 'short' } }],
    ['auth.secret', { ...minimal, auth: { type: 'jwt', algorithms: ['HS256'] } }],
    ['rateLimit.rate', { ...minimal, rateLimit: { rate: 0, per: 60 } }],
    ['rateLimit.per', { ...minimal, rateLimit: { rate: 10, per: 0 } }],
    ['cache.ttlSeconds', { ...minimal, cache: { enabled: true, ttlSeconds: 0 } }],
    ['cors.allowedMethods.0', { ...minimal, cors: { allowedMethods: ['get me'] } }],
    ['ipAllowList.0', { ...minimal, ipAllowList: ['10.0.0.0/33'] }],
    ['ipDenyList.0', { ...minimal, ipDenyList: ['not-an-ip'] }],
    ['hosts.0', { ...minimal, hosts: ['bad host'] }],
  ])('reports %s when it is invalid', (path, input) => {
    expect(failingPaths(input)).toContain(path);
  });

  it('reports every failing field at once', () => {
    const paths = failingPaths({ ...minimal, id: '', listenPath: 'x', upstream: { targets: [] } });
    expect(paths).toEqual(expect.arrayContaining(['id', 'listenPath', 'upstream.targets']));
  });

  it('accepts IPv4 and IPv6 CIDRs', () => {
    const api = apiDefinitionSchema.parse({
      ...minimal,
      ipAllowList: ['10.0.0.0/8', '::1', '2001:db8::/32', '127.0.0.1'],
    });
    expect(api.ipAllowList).toHaveLength(4);
  });
});
