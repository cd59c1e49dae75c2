// Where the pump keeps pre-aggregated analytics and how the dashboard finds them: buckets, partitions, scopes.
import { z } from 'zod';

export const GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long aggregates are kept, by granularity: minutes serve short ranges only. The pump drops
 * partitions past this, and does not write buckets that would already be past it.
 */
export const AGGREGATE_RETENTION_MS: Record<Granularity, number> = {
  minute: 2 * DAY,
  hour: 90 * DAY,
  day: 3 * 365 * DAY,
};

/** Start (epoch ms, UTC) of the bucket holding `ts`. */
export function bucketStart(granularity: Granularity, ts: number): number {
  const size = granularity === 'minute' ? MINUTE : granularity === 'hour' ? HOUR : DAY;
  return Math.floor(ts / size) * size;
}

/** Start of the bucket after the one starting at `start`. */
export function nextBucket(granularity: Granularity, start: number): number {
  return start + (granularity === 'minute' ? MINUTE : granularity === 'hour' ? HOUR : DAY);
}

/**
 * Aggregates live in small collections, one per partition: minute buckets of one hour, hour
 * buckets of one UTC day, day buckets of one UTC month. FerretDB scans a whole collection for any
 * read or write that is not a plain insert, so each write touches at most a few dozen documents,
 * a chart reads only the partitions its range covers, and retention drops whole collections.
 */
export function partitionStart(granularity: Granularity, ts: number): number {
  if (granularity === 'minute') return bucketStart('hour', ts);
  if (granularity === 'hour') return bucketStart('day', ts);
  const date = new Date(ts);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function nextPartition(granularity: Granularity, start: number): number {
  if (granularity === 'minute') return start + HOUR;
  if (granularity === 'hour') return start + DAY;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** True once a whole partition is older than its granularity is kept. */
export function partitionExpired(
  granularity: Granularity,
  partition: number,
  now: number,
): boolean {
  return nextPartition(granularity, partition) <= now - AGGREGATE_RETENTION_MS[granularity];
}

/** Documents of all-APIs and per-API scopes, or of per-key scopes (kept apart: there can be many keys). */
export type AggregatePart = 'apis' | 'keys';

const COLLECTION_PREFIX = 'analytics_';

/** "analytics_minute_2025112203", "analytics_hour_keys_20251122", "analytics_day_202511". */
export function aggregateCollection(
  granularity: Granularity,
  part: AggregatePart,
  partition: number,
): string {
  const iso = new Date(partition).toISOString();
  const stamp =
    iso.slice(0, 4) +
    iso.slice(5, 7) +
    (granularity === 'day' ? '' : iso.slice(8, 10)) +
    (granularity === 'minute' ? iso.slice(11, 13) : '');
  return `${COLLECTION_PREFIX}${granularity}_${part === 'keys' ? 'keys_' : ''}${stamp}`;
}

const COLLECTION_PATTERN = /^analytics_(minute|hour|day)_(keys_)?(\d{4})(\d{2})(\d{2})?(\d{2})?$/;

/** The granularity, part and partition start named by an aggregate collection, or null. */
export function parseAggregateCollection(
  name: string,
): { granularity: Granularity; part: AggregatePart; partition: number } | null {
  const match = COLLECTION_PATTERN.exec(name);
  if (!match) return null;
  const granularity = match[1] as Granularity;
  const [year, month, day, hour] = [match[3], match[4], match[5], match[6]].map((v) =>
    v === undefined ? undefined : Number(v),
  );
  const expectsDay = granularity !== 'day';
  const expectsHour = granularity === 'minute';
  if ((day !== undefined) !== expectsDay || (hour !== undefined) !== expectsHour) return null;
  const partition = Date.UTC(year!, month! - 1, day ?? 1, hour ?? 0);
  return { granularity, part: match[2] ? 'keys' : 'apis', partition };
}

/** The partition starts whose buckets overlap [from, to). */
export function partitionsBetween(granularity: Granularity, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let p = partitionStart(granularity, from); p < to; p = nextPartition(granularity, p))
    starts.push(p);
  return starts;
}

/** Whose requests a set of counters covers. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'api'; apiId: string }
  | { kind: 'key'; apiId: string | null; keyId: string };

// Scope names are field names inside aggregate documents: "." and "$" are not allowed there and
// ":" separates the parts, so ids are percent-encoded on those characters.
function encodeId(id: string): string {
  return id.replace(
    /[%.$:]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
}

function decodeId(encoded: string): string {
  return encoded.replace(/%([0-9A-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** "all", "api:<apiId>", "key:<apiId or ->:<keyId>" — a key's counters are kept per API it called. */
export function scopeField(scope: Scope): string {
  if (scope.kind === 'all') return 'all';
  if (scope.kind === 'api') return `api:${encodeId(scope.apiId)}`;
  return `key:${scope.apiId === null ? '-' : encodeId(scope.apiId)}:${encodeId(scope.keyId)}`;
}

export function parseScopeField(field: string): Scope | null {
  if (field === 'all') return { kind: 'all' };
  const parts = field.split(':');
  if (parts[0] === 'api' && parts.length === 2) return { kind: 'api', apiId: decodeId(parts[1]!) };
  if (parts[0] === 'key' && parts.length === 3) {
    return {
      kind: 'key',
      apiId: parts[1] === '-' ? null : decodeId(parts[1]!),
      keyId: decodeId(parts[2]!),
    };
  }
  return null;
}

/** An encoded map key that is safe as a MongoDB field name (endpoint names, error codes). */
export const encodeFieldName = encodeId;
export const decodeFieldName = decodeId;

/**
 * One bucket of one partition. `scopes` maps scopeField() to encodeMetrics(); `endpoints` (hour
 * and day buckets of the "apis" part) maps an API's scopeField() to the JSON of its
 * `[["GET /path", count], …]`. `round` is the last aggregation round written into the document.
 */
export const aggregateDocumentSchema = z.object({
  _id: z.string(),
  bucket: z.date(),
  round: z.number().int().nonnegative(),
  scopes: z.record(z.string(), z.string()).default({}),
  endpoints: z.record(z.string(), z.string()).default({}),
});
export type AggregateDocument = z.infer<typeof aggregateDocumentSchema>;

/** An endpoint count list as stored: JSON of [name, count] pairs. */
export const endpointCountsSchema = z.array(z.tuple([z.string(), z.number().int().nonnegative()]));

/** Counted under this name once an API's endpoint list for a bucket is full. */
export const OTHER_ENDPOINTS = '(other)';
