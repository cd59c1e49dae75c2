// A round cut short is finished exactly; a batch stored again after it was counted is not counted again.
import { pumpRedisKeys } from '@turnpike/common';
import type { Db } from 'mongodb';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { Aggregator } from '../src/aggregation/aggregator';
import { BucketStore } from '../src/aggregation/bucket-store';
import { Lease } from '../src/aggregation/lease';
import { AppliedBatches } from '../src/aggregation/ledger';
import { planChanges } from '../src/aggregation/plan';
import { handleBatch } from '../src/batch';
import { pumpCollections, type PumpCollections } from '../src/collections';
import { computeDelta, mergeDelta, type BatchDelta } from '../src/delta';
import { comparable, readAggregates, readRawRecords, recount } from './support/aggregates';
import { makeRecord } from './support/records';

let stores: TestStores;
let db: Db;
let collections: PumpCollections;

beforeAll(async () => {
  stores = await testStores('pump-recovery');
  db = stores.mongo.db(stores.dbName);
  collections = pumpCollections(db);
});
afterAll(() => stores?.cleanup());
// Each test takes the lease afresh, whatever the previous one left.
afterEach(() => stores.redis.del(pumpRedisKeys(stores.redisPrefix).aggregatorLease));

function aggregator(holder: string): { aggregator: Aggregator; lease: Lease } {
  const keys = pumpRedisKeys(stores.redisPrefix);
  const lease = new Lease(stores.redis, keys.aggregatorLease, holder);
  const appliedBatches = new AppliedBatches(stores.redis, keys);
  return {
    aggregator: new Aggregator({ db, collections, redis: stores.redis, lease, appliedBatches }),
    lease,
  };
}

const base = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const batches = Array.from({ length: 6 }, (_, b) =>
  Array.from({ length: 40 }, (_, i) =>
    makeRecord({
      ts: base + b * 50_000 + i * 100,
      apiId: ['httpbin', 'orders', 'billing'][i % 3]!,
      keyId: i % 2 ? `k_recover0${i % 5}` : null,
      status: [200, 201, 401, 503][i % 4]!,
      latencyMs: i * 3,
      path: `/things/${i}`,
    }),
  ),
);

it('finishes a round that stopped after writing some buckets, counting each batch once', async () => {
  const stored = await Promise.all(batches.map((records) => handleBatch(collections, { records })));
  const batchIds = stored.map((s) => s.batchId);

  // What a pump that died mid-round leaves behind: the round recorded, a third of its buckets written.
  const delta: BatchDelta = { cells: new Map(), endpoints: new Map() };
  for (const records of batches) mergeDelta(delta, computeDelta(records));
  const changes = planChanges(delta, Date.now());
  expect(changes.length).toBeGreaterThan(6);
  await collections.state.insertOne({
    _id: 'aggregator',
    round: 1,
    applying: { round: 1, batchIds },
    updatedAt: new Date(),
  });
  await new BucketStore(db).apply(
    changes.slice(0, Math.floor(changes.length / 3)),
    1,
    () => undefined,
  );

  const { aggregator: next, lease } = aggregator('next-pump');
  expect(await lease.refresh()).toBe(true);
  await next.runRound();

  expect(comparable(await readAggregates(db))).toEqual(
    comparable(recount(await readRawRecords(db))),
  );
  expect(await collections.pending.countDocuments()).toBe(0);
  expect(await collections.state.findOne({ _id: 'aggregator' })).toMatchObject({
    round: 1,
    applying: null,
  });
});

it('drops a batch stored again after it was counted', async () => {
  const before = comparable(await readAggregates(db));
  await handleBatch(collections, { records: batches[2] });
  expect(await collections.pending.countDocuments()).toBe(1);

  const { aggregator: again, lease } = aggregator('again');
  expect(await lease.refresh()).toBe(true);
  expect(await again.runRound()).toBe(0);
  expect(await collections.pending.countDocuments()).toBe(0);
  expect(comparable(await readAggregates(db))).toEqual(before);
});

it('gives the lease to one pump at a time', async () => {
  const keys = pumpRedisKeys(stores.redisPrefix);
  const first = new Lease(stores.redis, keys.aggregatorLease, 'first', 2000, 500);
  const second = new Lease(stores.redis, keys.aggregatorLease, 'second', 2000, 500);
  expect(await first.refresh()).toBe(true);
  expect(await second.refresh()).toBe(false);
  expect(second.held).toBe(false);
  await first.release();
  expect(await second.refresh()).toBe(true);
  await second.release();
});
