// Per-test-file access to the real stores: a unique MongoDB database and Redis key prefix, cleaned up after.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';
import type {} from './provided';

export interface TestStores {
  mongodbUrl: string;
  redisUrl: string;
  /** A database name of this file's own. */
  dbName: string;
  /** MONGODB_URL with this file's database in its path. */
  mongodbDbUrl: string;
  /** A Redis key prefix of this file's own, ending in ":". */
  redisPrefix: string;
  mongo: MongoClient;
  redis: Redis;
  /** A temporary directory of this file's own, removed by cleanup(). */
  tempDir(label: string): string;
  /** Drops the database and every Redis key under the prefix, removes temp dirs, closes the clients. */
  cleanup(): Promise<void>;
}

export async function testStores(name: string): Promise<TestStores> {
  const mongodbUrl = inject('mongodbUrl');
  const redisUrl = inject('redisUrl');
  const tag = `${name.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const dbName = `t_${tag}`;
  const redisPrefix = `t:${tag}:`;
  const mongo = new MongoClient(mongodbUrl, { serverSelectionTimeoutMS: 5000 });
  await mongo.connect();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const tempDirs: string[] = [];
  const url = new URL(mongodbUrl);
  url.pathname = `/${dbName}`;
  return {
    mongodbUrl,
    redisUrl,
    dbName,
    mongodbDbUrl: url.toString(),
    redisPrefix,
    mongo,
    redis,
    tempDir(label) {
      const dir = mkdtempSync(join(tmpdir(), `turnpike-${label}-`));
      tempDirs.push(dir);
      return dir;
    },
    async cleanup() {
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
      await mongo
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
      redis.disconnect();
      await mongo.close();
    },
  };
}
