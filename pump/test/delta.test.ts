// What a batch adds to the aggregates, endpoint naming and its bound, and the stored encodings.
import {
  decodeMetrics,
  encodeMetrics,
  OTHER_ENDPOINTS,
  parseScopeField,
  scopeField,
  summarise,
} from '@turnpike/common';
import { describe, expect, it } from 'vitest';
import { batchIdOf, computeDelta, decodeDelta, encodeDelta } from '../src/delta';
import { addEndpointCounts, endpointName, MAX_ENDPOINTS_PER_API } from '../src/endpoints';
import { makeRecord } from './support/records';

const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);

describe('computeDelta', () => {
  const records = [
    makeRecord({
      ts: T0 + 1_000,
      status: 200,
      latencyMs: 4,
      bytesIn: 10,
      bytesOut: 500,
      keyId: 'k_alpha123',
    }),
    makeRecord({
      ts: T0 + 2_000,
      status: 404,
      latencyMs: 0.5,
      upstreamLatencyMs: null,
      errorCode: 'route.not_found',
      apiId: null,
    }),
    makeRecord({
      ts: T0 + 61_000,
      status: 503,
      latencyMs: 150,
      errorCode: 'upstream.circuit_open',
      cache: 'MISS',
    }),
    makeRecord({
      ts: T0 + 62_000,
      status: 200,
      latencyMs: 12.25,
      cache: 'HIT',
      keyId: 'k_alpha123',
    }),
  ];
  const delta = computeDelta(records);
  const minute0 = delta.cells.get(T0)!;
  const minute1 = delta.cells.get(T0 + 60_000)!;

  it('counts every record in its minute for all APIs, its API and its key', () => {
    expect([...delta.cells.keys()]).toEqual([T0, T0 + 60_000]);
    expect([...minute0.keys()].sort()).toEqual(['all', 'api:httpbin', 'key:httpbin:k_alpha123']);
    expect(minute0.get('all')).toMatchObject({
      hits: 2,
      errors: 1,
      status2xx: 1,
      status4xx: 1,
      bytesIn: 10,
      bytesOut: 600,
    });
    expect(minute0.get('api:httpbin')!.hits).toBe(1);
    expect(minute1.get('all')).toMatchObject({
      hits: 2,
      errors: 1,
      status5xx: 1,
      cacheHits: 1,
      cacheMisses: 1,
      latencySumUs: 162_250,
      statusCodes: { '200': 1, '503': 1 },
      errorCodes: { 'upstream.circuit_open': 1 },
    });
  });

  it('keeps upstream latency only for requests that reached an upstream', () => {
    expect(minute0.get('all')).toMatchObject({
      upstreamCount: 1,
      upstreamLatencySumUs: 2_000,
      latencySumUs: 4_500,
    });
  });

  it('reads percentiles off the latency histogram', () => {
    const summary = summarise(minute1.get('all')!);
    expect(summary.latencyP50Ms).toBe(20);
    expect(summary.latencyP99Ms).toBe(200);
    expect(summary.latencyAvgMs).toBe(81.125);
  });

  it('counts endpoints per API and hour, ids folded', () => {
    expect(delta.endpoints.get(T0)!.get('api:httpbin')).toEqual(new Map([['GET /httpbin/get', 3]]));
  });

  it('survives its stored form unchanged', () => {
    expect(decodeDelta(encodeDelta(delta))).toEqual(delta);
  });
});

describe('batchIdOf', () => {
  it('is the same for the same records and differs for others', () => {
    const records = [makeRecord(), makeRecord()];
    expect(batchIdOf(records)).toBe(batchIdOf(records.map((r) => ({ ...r }))));
    expect(batchIdOf(records)).not.toBe(batchIdOf([records[0]!]));
  });
});

describe('endpointName', () => {
  it.each([
    ['get', '/users/42', 'GET /users/:id'],
    ['POST', '/orders/550e8400-e29b-41d4-a716-446655440000/items', 'POST /orders/:id/items'],
    ['GET', '/keys/k_01JABCDEFGHJKMNPQRSTVWXYZ0?x=1', 'GET /keys/:id'],
    ['GET', '/', 'GET /'],
    ['GET', '/a/b/c/d/e/f/g/h/i/j', 'GET /a/b/c/d/e/f/g/h/…'],
  ])('%s %s -> %s', (method, path, expected) => {
    expect(endpointName(method, path)).toBe(expected);
  });
});

describe('addEndpointCounts', () => {
  it('admits new names up to the bound, most frequent first, and counts the rest as other', () => {
    const known = new Map<string, number>();
    for (let i = 0; i < MAX_ENDPOINTS_PER_API - 1; i++) known.set(`GET /r${i}`, 1);
    addEndpointCounts(
      known,
      new Map([
        ['GET /rare', 1],
        ['GET /busy', 9],
        ['GET /r0', 2],
      ]),
    );
    expect(known.get('GET /busy')).toBe(9);
    expect(known.get('GET /rare')).toBeUndefined();
    expect(known.get(OTHER_ENDPOINTS)).toBe(1);
    expect(known.get('GET /r0')).toBe(3);
    addEndpointCounts(known, new Map([['GET /new', 4]]));
    expect(known.size).toBe(MAX_ENDPOINTS_PER_API + 1);
    expect(known.get(OTHER_ENDPOINTS)).toBe(5);
  });
});

describe('stored encodings', () => {
  it('round-trips counters', () => {
    const metrics = computeDelta([makeRecord({ errorCode: 'quota.exceeded', status: 429 })])
      .cells.values()
      .next()
      .value!.get('all')!;
    expect(decodeMetrics(encodeMetrics(metrics))).toEqual(metrics);
  });

  it('encodes ids with separators and dots in scope names reversibly', () => {
    const scope = { kind: 'key', apiId: 'a.b:c', keyId: 'k$1%' } as const;
    expect(scopeField(scope)).toBe('key:a%2Eb%3Ac:k%241%25');
    expect(parseScopeField(scopeField(scope))).toEqual(scope);
    expect(parseScopeField(scopeField({ kind: 'key', apiId: null, keyId: 'k' }))).toEqual({
      kind: 'key',
      apiId: null,
      keyId: 'k',
    });
  });
});
