// The test stores are real: FerretDB speaks the MongoDB protocol and Redis answers, each file isolated.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testStores, type TestStores } from './support/stores';

let stores: TestStores;
beforeAll(async () => {
  stores = await testStores('stores');
});
afterAll(() => stores.cleanup());

it('writes and reads a document in FerretDB with a unique index', async () => {
  const col = stores.mongo.db(stores.dbName).collection('things');
  await col.createIndex({ name: 1 }, { unique: true });
  await col.insertOne({ name: 'a', n: 1 });
  await expect(col.insertOne({ name: 'a', n: 2 })).rejects.toThrow(/duplicate key/i);
  await col.updateOne({ name: 'a' }, { $inc: { n: 5 } });
  expect((await col.findOne({ name: 'a' }))?.n).toBe(6);
});

it('uses a key prefix of its own in Redis', async () => {
  await stores.redis.set(`${stores.redisPrefix}x`, '1');
  expect(await stores.redis.get(`${stores.redisPrefix}x`)).toBe('1');
});
