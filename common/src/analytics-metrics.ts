// Counters of a set of requests (one bucket of one scope), how they add up, and what charts read off them.
import { z } from 'zod';
import {
  LATENCY_BUCKETS_MS,
  latencyBucket,
  quantileFromHistogram,
  type AnalyticsRecord,
} from './analytics';

const HISTOGRAM_SIZE = LATENCY_BUCKETS_MS.length + 1;

/**
 * Sums, never averages, so that buckets add up exactly and in any order: latencies are kept as
 * integer microseconds, percentiles come from the fixed-bucket histogram.
 */
export interface Metrics {
  hits: number;
  /** Responses with status >= 400. */
  errors: number;
  status1xx: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
  latencySumUs: number;
  upstreamLatencySumUs: number;
  /** Requests that reached an upstream (the ones upstreamLatencySumUs covers). */
  upstreamCount: number;
  bytesIn: number;
  bytesOut: number;
  cacheHits: number;
  cacheMisses: number;
  /** Counts per LATENCY_BUCKETS_MS bucket, plus one for everything slower. */
  latencyHistogram: number[];
  /** Counts by HTTP status ("200": 12). */
  statusCodes: Record<string, number>;
  /** Counts by gateway error code ("rate_limit.exceeded": 3). */
  errorCodes: Record<string, number>;
}

export function emptyMetrics(): Metrics {
  return {
    hits: 0,
    errors: 0,
    status1xx: 0,
    status2xx: 0,
    status3xx: 0,
    status4xx: 0,
    status5xx: 0,
    latencySumUs: 0,
    upstreamLatencySumUs: 0,
    upstreamCount: 0,
    bytesIn: 0,
    bytesOut: 0,
    cacheHits: 0,
    cacheMisses: 0,
    latencyHistogram: new Array<number>(HISTOGRAM_SIZE).fill(0),
    statusCodes: {},
    errorCodes: {},
  };
}

const STATUS_CLASSES = ['status1xx', 'status2xx', 'status3xx', 'status4xx', 'status5xx'] as const;

export function addRecord(metrics: Metrics, record: AnalyticsRecord): void {
  metrics.hits += 1;
  if (record.status >= 400) metrics.errors += 1;
  metrics[STATUS_CLASSES[Math.floor(record.status / 100) - 1]!] += 1;
  metrics.latencySumUs += Math.round(record.latencyMs * 1000);
  if (record.upstreamLatencyMs !== null) {
    metrics.upstreamLatencySumUs += Math.round(record.upstreamLatencyMs * 1000);
    metrics.upstreamCount += 1;
  }
  metrics.bytesIn += record.bytesIn;
  metrics.bytesOut += record.bytesOut;
  if (record.cache === 'HIT') metrics.cacheHits += 1;
  if (record.cache === 'MISS') metrics.cacheMisses += 1;
  metrics.latencyHistogram[latencyBucket(record.latencyMs)]! += 1;
  increment(metrics.statusCodes, String(record.status), 1);
  if (record.errorCode !== undefined) increment(metrics.errorCodes, record.errorCode, 1);
}

/** Adds `from` into `into`. */
export function addMetrics(into: Metrics, from: Metrics): void {
  for (const field of SCALAR_FIELDS) into[field] += from[field];
  for (let i = 0; i < HISTOGRAM_SIZE; i++)
    into.latencyHistogram[i]! += from.latencyHistogram[i] ?? 0;
  for (const [code, n] of Object.entries(from.statusCodes)) increment(into.statusCodes, code, n);
  for (const [code, n] of Object.entries(from.errorCodes)) increment(into.errorCodes, code, n);
}

function increment(counts: Record<string, number>, name: string, n: number): void {
  counts[name] = (Object.hasOwn(counts, name) ? counts[name]! : 0) + n;
}

const SCALAR_FIELDS = [
  'hits',
  'errors',
  'status1xx',
  'status2xx',
  'status3xx',
  'status4xx',
  'status5xx',
  'latencySumUs',
  'upstreamLatencySumUs',
  'upstreamCount',
  'bytesIn',
  'bytesOut',
  'cacheHits',
  'cacheMisses',
] as const satisfies readonly (keyof Metrics)[];

// Stored as one compact JSON string per scope and bucket: FerretDB decodes every field of every
// document it reads at about 10 µs a field, so ~30 named fields per scope would make each chart
// query and each aggregate write an order of magnitude slower (see pump/README.md).
const count = z.number().int().nonnegative();
const storedMetricsSchema = z.tuple([
  z.array(count).length(SCALAR_FIELDS.length),
  z.array(count).length(HISTOGRAM_SIZE),
  z.record(z.string(), count),
  z.record(z.string(), count),
]);

/** The stored form: `[[hits, errors, status1xx…, cacheMisses], [histogram…], {statusCodes}, {errorCodes}]`. */
export function encodeMetrics(metrics: Metrics): string {
  return JSON.stringify([
    SCALAR_FIELDS.map((field) => metrics[field]),
    metrics.latencyHistogram,
    sortedByName(metrics.statusCodes),
    sortedByName(metrics.errorCodes),
  ]);
}

/** Same counts, same string: keys in a fixed order, whatever order they were counted in. */
function sortedByName(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export function decodeMetrics(stored: string): Metrics {
  const [scalars, histogram, statusCodes, errorCodes] = storedMetricsSchema.parse(
    JSON.parse(stored),
  );
  const metrics = emptyMetrics();
  SCALAR_FIELDS.forEach((field, i) => (metrics[field] = scalars[i]!));
  metrics.latencyHistogram = histogram;
  metrics.statusCodes = statusCodes;
  metrics.errorCodes = errorCodes;
  return metrics;
}

/** What a chart point and the totals of GET /api/analytics carry. */
export interface MetricsSummary {
  hits: number;
  errors: number;
  /** errors / hits, 0..1 (0 without hits). */
  errorRate: number;
  status1xx: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
  latencyAvgMs: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  upstreamLatencyAvgMs: number | null;
  bytesIn: number;
  bytesOut: number;
  cacheHits: number;
  cacheMisses: number;
}

export function summarise(metrics: Metrics): MetricsSummary {
  const { hits } = metrics;
  return {
    hits,
    errors: metrics.errors,
    errorRate: hits === 0 ? 0 : metrics.errors / hits,
    status1xx: metrics.status1xx,
    status2xx: metrics.status2xx,
    status3xx: metrics.status3xx,
    status4xx: metrics.status4xx,
    status5xx: metrics.status5xx,
    latencyAvgMs: hits === 0 ? null : round3(metrics.latencySumUs / hits / 1000),
    latencyP50Ms: quantileFromHistogram(metrics.latencyHistogram, 0.5),
    latencyP95Ms: quantileFromHistogram(metrics.latencyHistogram, 0.95),
    latencyP99Ms: quantileFromHistogram(metrics.latencyHistogram, 0.99),
    upstreamLatencyAvgMs:
      metrics.upstreamCount === 0
        ? null
        : round3(metrics.upstreamLatencySumUs / metrics.upstreamCount / 1000),
    bytesIn: metrics.bytesIn,
    bytesOut: metrics.bytesOut,
    cacheHits: metrics.cacheHits,
    cacheMisses: metrics.cacheMisses,
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
