// Records sent through the real queue come out in FerretDB: raw documents once each, aggregates to the number.
import {
  aggregateCollection,
  partitionStart,
  summarise,
  type AggregateDocument,
  type AnalyticsRecord,
} from '@turnpike/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import type { RawRecordDocument } from '../src/collections';
import { startPump, type Pump } from '../src/pump';
import {
  bucketKey,
  comparable,
  readAggregates,
  readRawRecords,
  recount,
} from './support/aggregates';
import { analyticsQueue, makeRecord, waitFor, type TestQueue } from './support/records';

let stores: TestStores;
let pump: Pump;
let queue: TestQueue;
const sent: AnalyticsRecord[] = [];
// A whole minute a few minutes ago, so every record lands in known buckets.
const T0 = Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000;

beforeAll(async () => {
  stores = await testStores('pump-pipeline');
  pump = await startPump(pumpConfig());
  queue = analyticsQueue(stores.redisUrl, stores.redisPrefix);
});

afterAll(async () => {
  await pump?.stop();
  await queue?.close();
  await stores?.cleanup();
});

function pumpConfig() {
  return {
    mongodbUrl: stores.mongodbDbUrl,
    dbName: stores.dbName,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
    concurrency: 4,
    retentionDays: 30,
  };
}

async function send(records: AnalyticsRecord[]): Promise<void> {
  sent.push(...records);
  await queue.send(records);
}

/** Waits until every record sent is stored and counted in the all-APIs day buckets. */
async function drained(): Promise<void> {
  const db = stores.mongo.db(stores.dbName);
  const expected = new Set(sent.map((r) => r.id)).size;
  await waitFor(
    `${expected} records stored and counted`,
    async () => {
      if ((await db.collection('analytics').countDocuments()) !== expected) return false;
      if ((await db.collection('analytics_pending').countDocuments()) !== 0) return false;
      const buckets = await readAggregates(db);
      let counted = 0;
      for (const [key, metrics] of buckets)
        if (key.startsWith('day|') && key.endsWith('|all')) counted += metrics.hits;
      return counted === expected;
    },
    60_000,
    async () => JSON.stringify(await queue.queue.getJobCounts()),
  );
}

describe('a known set of requests', () => {
  const known = [
    makeRecord({
      ts: T0 + 1_000,
      apiId: 'httpbin',
      keyId: 'k_mobile001',
      status: 200,
      latencyMs: 4,
      bytesIn: 20,
      bytesOut: 300,
      path: '/httpbin/users/17',
    }),
    makeRecord({
      ts: T0 + 2_000,
      apiId: 'httpbin',
      keyId: 'k_mobile001',
      status: 200,
      latencyMs: 8,
      bytesOut: 300,
      path: '/httpbin/users/18',
    }),
    makeRecord({
      ts: T0 + 3_000,
      apiId: 'httpbin',
      keyId: 'k_mobile001',
      status: 429,
      latencyMs: 0.4,
      upstreamLatencyMs: null,
      bytesOut: 90,
      errorCode: 'rate_limit.exceeded',
    }),
    makeRecord({
      ts: T0 + 4_000,
      apiId: 'orders',
      keyId: null,
      status: 201,
      method: 'POST',
      path: '/orders/',
      latencyMs: 45,
      bytesIn: 1000,
      bytesOut: 50,
    }),
    makeRecord({
      ts: T0 + 61_000,
      apiId: 'orders',
      keyId: null,
      status: 502,
      latencyMs: 30,
      upstreamLatencyMs: null,
      bytesOut: 120,
      errorCode: 'upstream.unavailable',
    }),
    makeRecord({
      ts: T0 + 62_000,
      apiId: null,
      keyId: null,
      status: 404,
      latencyMs: 0.2,
      upstreamLatencyMs: null,
      bytesOut: 80,
      errorCode: 'route.not_found',
      path: '/nothing',
    }),
  ];

  beforeAll(async () => {
    await send(known.slice(0, 2));
    await send(known.slice(2, 5));
    await send(known.slice(5));
    await drained();
  });

  it('stores each raw record as sent, keyed by its id', async () => {
    const raw = await stores.mongo
      .db(stores.dbName)
      .collection<RawRecordDocument>('analytics')
      .find({ _id: { $in: known.map((r) => r.id) } })
      .toArray();
    const byId = new Map(raw.map((doc) => [doc._id, doc]));
    for (const record of known) expect(byId.get(record.id)).toEqual({ _id: record.id, ...record });
  });

  it('counts the minute buckets per scope', async () => {
    const buckets = await readAggregates(stores.mongo.db(stores.dbName));
    expect(buckets.get(bucketKey('minute', T0, 'all'))).toMatchObject({
      hits: 4,
      errors: 1,
      status2xx: 3,
      status4xx: 1,
      bytesIn: 1020,
      bytesOut: 740,
      upstreamCount: 3,
      statusCodes: { '200': 2, '201': 1, '429': 1 },
      errorCodes: { 'rate_limit.exceeded': 1 },
    });
    expect(buckets.get(bucketKey('minute', T0, 'api:httpbin'))).toMatchObject({
      hits: 3,
      errors: 1,
      latencySumUs: 12_400,
    });
    expect(buckets.get(bucketKey('minute', T0, 'key:httpbin:k_mobile001'))).toMatchObject({
      hits: 3,
      bytesIn: 20,
    });
    expect(buckets.get(bucketKey('minute', T0 + 60_000, 'all'))).toMatchObject({
      hits: 2,
      errors: 2,
      status4xx: 1,
      status5xx: 1,
    });
    expect(buckets.get(bucketKey('minute', T0 + 60_000, 'api:orders'))).toMatchObject({
      hits: 1,
      status5xx: 1,
    });
  });

  it('rolls minutes up into hours and days, percentiles included', async () => {
    const buckets = await readAggregates(stores.mongo.db(stores.dbName));
    const hour = Math.floor(T0 / 3_600_000) * 3_600_000;
    const hourAll = buckets.get(bucketKey('hour', hour, 'all'))!;
    expect(hourAll.hits).toBeGreaterThanOrEqual(6);
    const summary = summarise(buckets.get(bucketKey('hour', hour, 'api:orders'))!);
    expect(summary).toMatchObject({
      hits: 2,
      errors: 1,
      errorRate: 0.5,
      latencyP50Ms: 50,
      latencyAvgMs: 37.5,
    });
  });

  it('keeps top endpoints per API in the hour bucket, ids folded', async () => {
    const hour = Math.floor(T0 / 3_600_000) * 3_600_000;
    const collection = aggregateCollection('hour', 'apis', partitionStart('hour', hour));
    const document = await stores.mongo
      .db(stores.dbName)
      .collection<AggregateDocument>(collection)
      .findOne({ _id: new Date(hour).toISOString() });
    const endpoints = JSON.parse(document!.endpoints['api:httpbin']!) as [string, number][];
    expect(Object.fromEntries(endpoints)).toMatchObject({ 'GET /httpbin/users/:id': 2 });
  });
});

describe('retries and duplicates', () => {
  it('counts a batch queued twice, and records repeated in it, once', async () => {
    const records = [makeRecord({ ts: T0 + 120_000 }), makeRecord({ ts: T0 + 121_000 })];
    await send(records);
    await send(records.map((r) => ({ ...r })));
    await drained();
    const db = stores.mongo.db(stores.dbName);
    const buckets = await readAggregates(db);
    expect(buckets.get(bucketKey('minute', T0 + 120_000, 'all'))?.hits).toBe(2);
    expect(comparable(buckets)).toEqual(comparable(recount(await readRawRecords(db))));
  });

  it('counts a record older than the minutes are kept in its hour and day only', async () => {
    const late = makeRecord({ ts: Date.now() - 3 * 24 * 3600_000, apiId: 'late-api' });
    await send([late]);
    await drained();
    const buckets = await readAggregates(stores.mongo.db(stores.dbName));
    const field = 'api:late-api';
    expect(
      buckets.get(bucketKey('minute', Math.floor(late.ts / 60_000) * 60_000, field)),
    ).toBeUndefined();
    expect(
      buckets.get(bucketKey('hour', Math.floor(late.ts / 3_600_000) * 3_600_000, field))?.hits,
    ).toBe(1);
    expect(
      buckets.get(bucketKey('day', Math.floor(late.ts / 86_400_000) * 86_400_000, field))?.hits,
    ).toBe(1);
  });

  it('fails an invalid batch at once, naming the field, without retrying it', async () => {
    const jobId = await queue.send([{ ...makeRecord(), status: 42 } as AnalyticsRecord]);
    await waitFor(
      'the invalid job to fail',
      async () => (await queue.queue.getJobState(jobId)) === 'failed',
      20_000,
    );
    const job = (await queue.queue.getJob(jobId))!;
    expect(job.failedReason).toMatch(/^invalid analytics batch \(records\.0\.status: /);
    expect(job.attemptsMade).toBe(1);
  });
});

describe('several pumps at once', () => {
  it('stores and counts every record once while two pumps share the queue', async () => {
    const second = await startPump(pumpConfig());
    try {
      for (let b = 0; b < 30; b++) {
        await send(
          Array.from({ length: 50 }, (_, i) =>
            makeRecord({
              ts: T0 + 180_000 + b * 1000 + i,
              apiId: i % 3 === 0 ? 'orders' : 'httpbin',
              keyId: i % 2 === 0 ? `k_shared00${i % 4}` : null,
              status: [200, 200, 404, 500][i % 4]!,
              latencyMs: i,
            }),
          ),
        );
      }
      await drained();
    } finally {
      await second.stop();
    }
    const db = stores.mongo.db(stores.dbName);
    const raw = await readRawRecords(db);
    expect(raw).toHaveLength(new Set(sent.map((r) => r.id)).size);
    expect(comparable(await readAggregates(db))).toEqual(comparable(recount(raw)));
  });
});
