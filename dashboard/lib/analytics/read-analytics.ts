// GET /api/analytics: totals and a time series for all APIs, one API or one key, read from the pump's aggregates.
import {
  addMetrics,
  aggregateCollection,
  aggregateDocumentSchema,
  bucketStart,
  decodeMetrics,
  emptyMetrics,
  endpointCountsSchema,
  GRANULARITIES,
  nextBucket,
  parseOrThrow,
  parseScopeField,
  partitionsBetween,
  scopeField,
  summarise,
  type AggregateDocument,
  type AggregatePart,
  type Granularity,
  type MetricsSummary,
} from '@turnpike/common';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { checkOrder, filterIdSchema, instantSchema } from './query-params';
import { GRANULARITY_MS, granularityFor, MAX_POINTS } from './time-range';

const DAY = 24 * 3600 * 1000;
const TOP_ENDPOINTS = 10;

export const analyticsQuerySchema = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    apiId: filterIdSchema.optional(),
    keyId: filterIdSchema.optional(),
    granularity: z.enum(GRANULARITIES).optional(),
  })
  .superRefine((query, ctx) => {
    checkOrder(query, ctx);
    if (query.granularity === undefined || query.from === undefined) return;
    const points = ((query.to ?? Date.now()) - query.from) / GRANULARITY_MS[query.granularity];
    if (points > MAX_POINTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['granularity'],
        message: `gives ${Math.ceil(points)} points for this range, more than ${MAX_POINTS}: choose a coarser one`,
      });
    }
  });

export interface AnalyticsPoint extends MetricsSummary {
  /** Bucket start, epoch ms. */
  ts: number;
}

export interface AnalyticsTotals extends MetricsSummary {
  statusCodes: Record<string, number>;
  errorCodes: Record<string, number>;
}

export interface TopEndpoint {
  apiId: string;
  /** "GET /users/:id": method and path, ids folded. */
  endpoint: string;
  hits: number;
}

export interface AnalyticsAnswer {
  /** The range actually covered: from rounded down to its bucket. */
  from: number;
  to: number;
  granularity: Granularity;
  totals: AnalyticsTotals;
  series: AnalyticsPoint[];
  /**
   * Busiest endpoints of the API (or of all APIs), counted per hour, or per day for day series.
   * Not kept per key: empty when the query names a key.
   */
  topEndpoints: TopEndpoint[];
}

export async function readAnalytics(
  db: Db,
  input: Record<string, string>,
  now = Date.now(),
): Promise<AnalyticsAnswer> {
  const query = parseOrThrow(analyticsQuerySchema, input);
  const to = query.to ?? now;
  const requestedFrom = query.from ?? to - DAY;
  const granularity = query.granularity ?? granularityFor(to - requestedFrom);
  const from = bucketStart(granularity, requestedFrom);
  const part: AggregatePart = query.keyId === undefined ? 'apis' : 'keys';
  const inScope = scopeMatcher(query.apiId, query.keyId);

  const [buckets, endpointBuckets] = await Promise.all([
    readBuckets(db, granularity, part, from, to),
    // Endpoints are kept in hour and day buckets of the API documents only.
    query.keyId !== undefined || granularity === 'day'
      ? null
      : readBuckets(db, 'hour', 'apis', bucketStart('hour', from), to),
  ]);

  const byStart = new Map(buckets.map((bucket) => [bucket.bucket.getTime(), bucket]));
  const total = emptyMetrics();
  const series: AnalyticsPoint[] = [];
  for (let ts = from; ts < to; ts = nextBucket(granularity, ts)) {
    const metrics = emptyMetrics();
    const document = byStart.get(ts);
    if (document) {
      for (const [field, stored] of Object.entries(document.scopes)) {
        if (inScope(field)) addMetrics(metrics, decodeMetrics(stored));
      }
    }
    addMetrics(total, metrics);
    series.push({ ts, ...summarise(metrics) });
  }
  return {
    from,
    to,
    granularity,
    totals: { ...summarise(total), statusCodes: total.statusCodes, errorCodes: total.errorCodes },
    series,
    topEndpoints:
      query.keyId !== undefined ? [] : topEndpoints(endpointBuckets ?? buckets, query.apiId),
  };
}

/** Which scope fields of a bucket document the query adds up. */
function scopeMatcher(
  apiId: string | undefined,
  keyId: string | undefined,
): (field: string) => boolean {
  if (keyId !== undefined) {
    return (field) => {
      const scope = parseScopeField(field);
      return (
        scope?.kind === 'key' &&
        scope.keyId === keyId &&
        (apiId === undefined || scope.apiId === apiId)
      );
    };
  }
  const wanted = apiId === undefined ? 'all' : scopeField({ kind: 'api', apiId });
  return (field) => field === wanted;
}

/** The bucket documents of [from, to), read partition by partition (each a small collection). */
async function readBuckets(
  db: Db,
  granularity: Granularity,
  part: AggregatePart,
  from: number,
  to: number,
): Promise<AggregateDocument[]> {
  const partitions = partitionsBetween(granularity, from, to);
  const found = await Promise.all(
    partitions.map((partition) =>
      db
        .collection(aggregateCollection(granularity, part, partition))
        .find({ bucket: { $gte: new Date(from), $lt: new Date(to) } })
        .toArray(),
    ),
  );
  return found.flat().map((document) => aggregateDocumentSchema.parse(document));
}

function topEndpoints(
  buckets: readonly AggregateDocument[],
  apiId: string | undefined,
): TopEndpoint[] {
  const wanted = apiId === undefined ? null : scopeField({ kind: 'api', apiId });
  const counts = new Map<string, TopEndpoint>();
  for (const bucket of buckets) {
    for (const [field, stored] of Object.entries(bucket.endpoints)) {
      if (wanted !== null && field !== wanted) continue;
      const scope = parseScopeField(field);
      if (scope?.kind !== 'api') continue;
      for (const [endpoint, hits] of endpointCountsSchema.parse(JSON.parse(stored))) {
        const key = `${scope.apiId} ${endpoint}`;
        const entry = counts.get(key) ?? { apiId: scope.apiId, endpoint, hits: 0 };
        entry.hits += hits;
        counts.set(key, entry);
      }
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.hits - a.hits || a.endpoint.localeCompare(b.endpoint))
    .slice(0, TOP_ENDPOINTS);
}
