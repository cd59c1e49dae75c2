// The bench reads numbers out of real wrk reports and real HTTP bytes: check both against captured samples.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseFramer } from '../scripts/bench/response-framer';
import { parseWrkOutput } from '../scripts/bench/wrk';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'scripts', 'bench', 'fixtures', name), 'utf8');

describe('parseWrkOutput', () => {
  it('reads rate, counts and latency percentiles from a clean nginx run', () => {
    const result = parseWrkOutput(fixture('wrk-nginx.txt'));
    expect(result.requests).toBe(98545);
    expect(result.durationSeconds).toBeCloseTo(3.01);
    expect(result.requestsPerSecond).toBe(32792.95);
    expect(result.bytesRead).toBeCloseTo(119.35 * 1024 * 1024);
    const expected = {
      avg: 1.57,
      stdev: 0.73727,
      max: 8.09,
      p50: 1.41,
      p75: 1.46,
      p90: 1.72,
      p99: 5.26,
    };
    for (const [name, ms] of Object.entries(expected))
      expect(result.latencyMs[name as keyof typeof expected]).toBeCloseTo(ms, 6);
    expect(result.errorStatuses).toBe(0);
    expect(result.socketErrors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0 });
  });

  it('reads error statuses, socket errors and microsecond percentiles', () => {
    const result = parseWrkOutput(fixture('wrk-errors.txt'));
    expect(result.errorStatuses).toBe(24376);
    expect(result.socketErrors).toEqual({ connect: 0, read: 50, write: 0, timeout: 0 });
    expect(result.latencyMs.p50).toBeCloseTo(0.451);
    expect(result.latencyMs.p99).toBeCloseTo(8.61);
  });

  it('reads latencies that wrk prints in seconds, with its trailing spaces', () => {
    const result = parseWrkOutput(fixture('wrk-seconds.txt'));
    expect(result.latencyMs.p90).toBeCloseTo(1030);
    expect(result.latencyMs.p99).toBeCloseTo(1660);
    expect(result.latencyMs.max).toBeCloseTo(1900);
    expect(result.requestsPerSecond).toBe(651.27);
  });

  it('refuses a report without the latency distribution instead of reporting zeros', () => {
    const withoutDistribution = fixture('wrk-nginx.txt').replace(
      /Latency Distribution[\s\S]*?99%.*\n/,
      '',
    );
    expect(() => parseWrkOutput(withoutDistribution)).toThrow(/50% latency/);
  });
});

describe('ResponseFramer', () => {
  it('counts responses split anywhere across reads, with Content-Length and chunked bodies', () => {
    const wire = Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' +
        'HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n' +
        'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n',
    );
    for (const size of [1, 7, wire.length]) {
      const statuses: number[] = [];
      const framer = new ResponseFramer((status) => statuses.push(status));
      for (let at = 0; at < wire.length; at += size) framer.feed(wire.subarray(at, at + size));
      expect(statuses).toEqual([200, 429, 204]);
    }
  });
});
