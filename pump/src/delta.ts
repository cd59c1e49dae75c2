// What one batch adds to the aggregates: counters per minute and scope, endpoint counts per hour and API.
import { createHash } from 'node:crypto';
import {
  addMetrics,
  addRecord,
  bucketStart,
  decodeMetrics,
  emptyMetrics,
  encodeMetrics,
  scopeField,
  type AnalyticsRecord,
  type Metrics,
} from '@turnpike/common';
import { z } from 'zod';
import { addEndpointCounts, endpointName } from './endpoints';

export interface BatchDelta {
  /** minute start -> scopeField -> counters. */
  cells: Map<number, Map<string, Metrics>>;
  /** hour start -> API scopeField -> endpoint name -> count. */
  endpoints: Map<number, Map<string, Map<string, number>>>;
}

/**
 * A batch's identity: the hash of its record ids. A job retried, or the same records queued twice,
 * give the same id, and the aggregator counts an id once.
 */
export function batchIdOf(records: readonly AnalyticsRecord[]): string {
  const hash = createHash('sha256');
  for (const record of records) hash.update(record.id).update('\n');
  return hash.digest('base64url').slice(0, 32);
}

export function computeDelta(records: readonly AnalyticsRecord[]): BatchDelta {
  const cells = new Map<number, Map<string, Metrics>>();
  const endpointCounts = new Map<number, Map<string, Map<string, number>>>();
  for (const record of records) {
    const minute = bucketStart('minute', record.ts);
    const scopes = getOrCreate(cells, minute, () => new Map<string, Metrics>());
    addRecord(getOrCreate(scopes, 'all', emptyMetrics), record);
    if (record.apiId !== null) {
      const apiField = scopeField({ kind: 'api', apiId: record.apiId });
      addRecord(getOrCreate(scopes, apiField, emptyMetrics), record);
      const hour = bucketStart('hour', record.ts);
      const perApi = getOrCreate(
        endpointCounts,
        hour,
        () => new Map<string, Map<string, number>>(),
      );
      const counts = getOrCreate(perApi, apiField, () => new Map<string, number>());
      const name = endpointName(record.method, record.path);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    if (record.keyId !== null) {
      const keyField = scopeField({ kind: 'key', apiId: record.apiId, keyId: record.keyId });
      addRecord(getOrCreate(scopes, keyField, emptyMetrics), record);
    }
  }
  // Bound what one batch can carry: a flood of distinct paths folds into "(other)" here already.
  const endpoints = new Map<number, Map<string, Map<string, number>>>();
  for (const [hour, perApi] of endpointCounts) {
    const bounded = new Map<string, Map<string, number>>();
    for (const [apiField, counts] of perApi) {
      const known = new Map<string, number>();
      addEndpointCounts(known, counts);
      bounded.set(apiField, known);
    }
    endpoints.set(hour, bounded);
  }
  return { cells, endpoints };
}

/** Adds `from` into `into` (the aggregator merges the batches of a round this way). */
export function mergeDelta(into: BatchDelta, from: BatchDelta): void {
  for (const [minute, scopes] of from.cells) {
    const target = getOrCreate(into.cells, minute, () => new Map<string, Metrics>());
    for (const [field, metrics] of scopes)
      addMetrics(getOrCreate(target, field, emptyMetrics), metrics);
  }
  for (const [hour, perApi] of from.endpoints) {
    const target = getOrCreate(into.endpoints, hour, () => new Map<string, Map<string, number>>());
    for (const [apiField, counts] of perApi) {
      const known = getOrCreate(target, apiField, () => new Map<string, number>());
      for (const [name, n] of counts) known.set(name, (known.get(name) ?? 0) + n);
    }
  }
}

const storedDeltaSchema = z.object({
  cells: z.array(z.tuple([z.number().int(), z.string(), z.string()])),
  endpoints: z.array(
    z.tuple([z.number().int(), z.string(), z.array(z.tuple([z.string(), z.number().int()]))]),
  ),
});

/** One JSON string: FerretDB stores and reads a single field far faster than a nested document. */
export function encodeDelta(delta: BatchDelta): string {
  const cells: [number, string, string][] = [];
  for (const [minute, scopes] of delta.cells) {
    for (const [field, metrics] of scopes) cells.push([minute, field, encodeMetrics(metrics)]);
  }
  const endpoints: [number, string, [string, number][]][] = [];
  for (const [hour, perApi] of delta.endpoints) {
    for (const [apiField, counts] of perApi) endpoints.push([hour, apiField, [...counts]]);
  }
  return JSON.stringify({ cells, endpoints });
}

export function decodeDelta(stored: string): BatchDelta {
  const parsed = storedDeltaSchema.parse(JSON.parse(stored));
  const delta: BatchDelta = { cells: new Map(), endpoints: new Map() };
  for (const [minute, field, metrics] of parsed.cells) {
    getOrCreate(delta.cells, minute, () => new Map<string, Metrics>()).set(
      field,
      decodeMetrics(metrics),
    );
  }
  for (const [hour, apiField, counts] of parsed.endpoints) {
    getOrCreate(delta.endpoints, hour, () => new Map<string, Map<string, number>>()).set(
      apiField,
      new Map(counts),
    );
  }
  return delta;
}

export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
