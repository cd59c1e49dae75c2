// The dashboard's MongoDB and Redis clients: one of each per process, shared by every request.
import { redisKeys, type RedisKeys } from '@turnpike/common';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import { dashboardConfig } from './config';

interface Stores {
  client: MongoClient;
  db: Db;
  redis: Redis;
  keys: RedisKeys;
}

// Next.js may load this module once per route bundle; the clients live on globalThis so a
// process opens one pool, not one per route.
const holder = globalThis as typeof globalThis & { __turnpikeStores?: Stores };

function stores(): Stores {
  if (holder.__turnpikeStores) return holder.__turnpikeStores;
  const config = dashboardConfig();
  // The driver connects on first use; short timeouts make an outage a quick 503, not a hung page.
  const client = new MongoClient(config.mongodbUrl, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    maxPoolSize: 20,
    appName: 'turnpike-dashboard',
  });
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 3000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastLogged = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - lastLogged < 30_000) return;
    lastLogged = Date.now();
    console.error(`dashboard: redis: ${error.message}`);
  });
  holder.__turnpikeStores = {
    client,
    db: client.db(config.dbName),
    redis,
    keys: redisKeys(config.redisPrefix),
  };
  return holder.__turnpikeStores;
}

/** The configured MongoDB database. */
export function mongo(): Db {
  return stores().db;
}

export function redis(): Redis {
  return stores().redis;
}

/** Redis key names under the configured prefix. */
export function keyNames(): RedisKeys {
  return stores().keys;
}

/** Closes both clients (tests and shutdown). */
export async function closeStores(): Promise<void> {
  const current = holder.__turnpikeStores;
  if (!current) return;
  holder.__turnpikeStores = undefined;
  current.redis.disconnect();
  await current.client.close();
}
