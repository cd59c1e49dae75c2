// Retention: raw records older than PUMP_RETENTION_DAYS and aggregate partitions past their time are removed.
import { aggregateCollection, partitionStart } from '@turnpike/common';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testStores, type TestStores } from '../../test/support/stores';
import { pumpCollections } from '../src/collections';
import { prune } from '../src/pruning';
import { makeRecord } from './support/records';

const DAY = 24 * 3600 * 1000;
const now = Date.UTC(2025, 5, 15, 12, 30);
let stores: TestStores;
let db: Db;

beforeAll(async () => {
  stores = await testStores('pump-retention');
  db = stores.mongo.db(stores.dbName);
});
afterAll(() => stores?.cleanup());

it('deletes raw records older than the retention and keeps the rest', async () => {
  const collections = pumpCollections(db);
  const old = [makeRecord({ ts: now - 31 * DAY }), makeRecord({ ts: now - 30 * DAY - 1 })];
  const kept = [makeRecord({ ts: now - 30 * DAY + 60_000 }), makeRecord({ ts: now - 1000 })];
  await collections.raw.insertMany([...old, ...kept].map((r) => ({ _id: r.id, ...r })));

  const result = await prune(db, collections, 30, now);

  expect(result.rawDeleted).toBe(2);
  expect((await collections.raw.find({}).toArray()).map((d) => d._id).sort()).toEqual(
    kept.map((r) => r.id).sort(),
  );
});

it('drops aggregate partitions past their retention: minutes after 2 days, hours after 90', async () => {
  const partitions = {
    minuteOld: aggregateCollection('minute', 'apis', partitionStart('minute', now - 3 * DAY)),
    minuteKeysOld: aggregateCollection('minute', 'keys', partitionStart('minute', now - 3 * DAY)),
    minuteRecent: aggregateCollection('minute', 'apis', partitionStart('minute', now - DAY)),
    hourOld: aggregateCollection('hour', 'apis', partitionStart('hour', now - 91 * DAY)),
    hourRecent: aggregateCollection('hour', 'apis', partitionStart('hour', now - 80 * DAY)),
    dayRecent: aggregateCollection('day', 'apis', partitionStart('day', now - 300 * DAY)),
  };
  for (const name of Object.values(partitions))
    await db.collection(name).insertOne({ bucket: new Date(now) });
  await db.collection('analytics_notes').insertOne({ keep: true });

  const result = await prune(db, pumpCollections(db), 30, now);

  expect(result.partitionsDropped.sort()).toEqual(
    [partitions.minuteOld, partitions.minuteKeysOld, partitions.hourOld].sort(),
  );
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  expect(names).toEqual(
    expect.arrayContaining([
      partitions.minuteRecent,
      partitions.hourRecent,
      partitions.dayRecent,
      'analytics_notes',
    ]),
  );
});
