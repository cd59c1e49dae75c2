// The stores for `npm start`: MONGODB_URL / REDIS_URL when set, else an embedded FerretDB and Redis.
import { join } from 'node:path';
import type { LaunchConfig } from './launch-config';
import { tagged } from './output';
import { portOpen, resolveRedis, startFerretDB } from './stores';
import type { Shutdown } from './shutdown';

export interface StoreUrls {
  mongodbUrl: string;
  redisUrl: string;
}

async function mongodbUrl(config: LaunchConfig, shutdown: Shutdown): Promise<string> {
  if (config.mongodbUrl) return config.mongodbUrl;
  const url = `mongodb://127.0.0.1:${config.ferretdbPort}/turnpike`;
  const log = tagged('ferretdb');
  if (await portOpen(config.ferretdbPort)) {
    // Most likely another `npm run start:<service>` on the same data dir; sharing it is the point.
    log(`something already listens on 127.0.0.1:${config.ferretdbPort}; using it as MongoDB`);
    return url;
  }
  const dataDir = join(config.dataDir, 'ferretdb');
  const ferret = await startFerretDB({
    dataDir,
    port: config.ferretdbPort,
    log,
    detached: true,
    logLevel: 'error',
  });
  if (ferret.stop) shutdown.add('ferretdb', ferret.stop);
  log(`FerretDB (SQLite under ${dataDir}) on 127.0.0.1:${config.ferretdbPort}`);
  return url;
}

async function redisUrl(config: LaunchConfig, shutdown: Shutdown): Promise<string> {
  if (config.redisUrl) return config.redisUrl;
  const dataDir = join(config.dataDir, 'redis');
  const log = tagged('redis');
  const redis = await resolveRedis({ dataDir, log, detached: true });
  if (redis.stop) {
    shutdown.add('redis', redis.stop);
    log(`redis-server (AOF under ${dataDir}) on 127.0.0.1:6379`);
  } else {
    log('using the Redis already running on 127.0.0.1:6379');
  }
  return redis.url;
}

/** Resolves both stores, registering any it starts with `shutdown` so they stop last. */
export async function prepareStores(config: LaunchConfig, shutdown: Shutdown): Promise<StoreUrls> {
  return {
    mongodbUrl: await mongodbUrl(config, shutdown),
    redisUrl: await redisUrl(config, shutdown),
  };
}
