// The analytics record the gateway writes per request and the batch it hands to the pump.
import { z } from 'zod';

export const ANALYTICS_QUEUE = 'turnpike-analytics';

export const analyticsRecordSchema = z.object({
  id: z.string().min(8).max(64),
  ts: z.number().int().nonnegative(),
  apiId: z.string().nullable(),
  keyId: z.string().nullable(),
  method: z.string().max(16),
  host: z.string().max(255),
  path: z.string().max(2048),
  status: z.number().int().min(100).max(599),
  latencyMs: z.number().nonnegative(),
  upstreamLatencyMs: z.number().nonnegative().nullable(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  clientIp: z.string().max(64),
  userAgent: z.string().max(512),
  gtxid: z.string().max(128),
  cache: z.enum(['HIT', 'MISS']).optional(),
  errorCode: z.string().max(64).optional(),
});
export type AnalyticsRecord = z.infer<typeof analyticsRecordSchema>;

export const analyticsBatchSchema = z.object({
  records: z.array(analyticsRecordSchema).min(1).max(10_000),
});
export type AnalyticsBatch = z.infer<typeof analyticsBatchSchema>;

/** Upper bounds (ms) of the latency histogram buckets; a last bucket holds everything slower. */
export const LATENCY_BUCKETS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000,
] as const;

export function latencyBucket(latencyMs: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
    if (latencyMs <= LATENCY_BUCKETS_MS[i]!) return i;
  }
  return LATENCY_BUCKETS_MS.length;
}

/** The latency at quantile q (0..1) read off a histogram, as the upper bound of its bucket. */
export function quantileFromHistogram(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank)
      return LATENCY_BUCKETS_MS[i] ?? LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]! * 2;
  }
  return null;
}
