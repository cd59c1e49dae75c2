// Wires one pump process: the batch worker, the aggregator (when it holds the lease), retention and indexes.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ANALYTICS_QUEUE, pumpRedisKeys, redisKeys } from '@turnpike/common';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { Aggregator } from './aggregation/aggregator';
import { Lease } from './aggregation/lease';
import { AppliedBatches } from './aggregation/ledger';
import { pumpCollections } from './collections';
import type { PumpConfig } from './config';
import { ensureIndexes } from './indexes';
import { log, warn } from './log';
import { prune } from './pruning';
import { startBatchWorker } from './worker';

const PRUNE_EVERY_MS = 10 * 60_000;
const INDEX_RETRY_MS = 5_000;

export interface Pump {
  stop(): Promise<void>;
}

export async function startPump(config: PumpConfig): Promise<Pump> {
  // No connect() here: the driver connects on first use, so a pump started while MongoDB is down
  // still takes jobs off the queue (and puts them back) until it is up.
  const mongo = new MongoClient(config.mongodbUrl, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    appName: 'turnpike-pump',
  });
  const db = mongo.db(config.dbName);
  const collections = pumpCollections(db);

  // BullMQ needs maxRetriesPerRequest: null; the aggregator's own client fails fast instead, so
  // its loop notices an outage and waits rather than hanging inside a command.
  const bullConnection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', (error: Error) => warn('redis', `redis: ${error.message}`));

  const keys = pumpRedisKeys(config.redisPrefix);
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const aggregator = new Aggregator({
    db,
    collections,
    redis,
    lease: new Lease(redis, keys.aggregatorLease, holder),
    appliedBatches: new AppliedBatches(redis, keys),
  });

  const bullPrefix = redisKeys(config.redisPrefix).bullPrefix;
  const batches = startBatchWorker({
    connection: bullConnection,
    bullPrefix,
    concurrency: config.concurrency,
    collections,
  });
  batches.worker.once('ready', () =>
    log(
      `consuming ${ANALYTICS_QUEUE} (prefix ${bullPrefix}) with concurrency ${config.concurrency}; ` +
        `raw records kept ${config.retentionDays} days`,
    ),
  );
  aggregator.start();

  let stopped = false;
  void (async function createIndexes() {
    while (!stopped) {
      try {
        const outcome = await ensureIndexes(db, collections);
        if (outcome === 'skipped')
          log('FerretDB: request-log indexes skipped (it would not use them)');
        return;
      } catch (error) {
        warn('indexes', `indexes not created yet: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, INDEX_RETRY_MS).unref());
      }
    }
  })();

  // Only the aggregating pump prunes, so several pumps do not scan for the same old records.
  const pruneTimer = setInterval(async () => {
    if (!aggregator.isLeader) return;
    try {
      const { rawDeleted, partitionsDropped } = await prune(db, collections, config.retentionDays);
      if (rawDeleted > 0 || partitionsDropped.length > 0) {
        log(
          `retention: deleted ${rawDeleted} raw records, dropped ${partitionsDropped.length} aggregate partitions`,
        );
      }
    } catch (error) {
      warn('prune', `retention run failed: ${(error as Error).message}`);
    }
  }, PRUNE_EVERY_MS);
  pruneTimer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(pruneTimer);
      await batches.close();
      await aggregator.stop();
      redis.disconnect();
      bullConnection.disconnect();
      await mongo.close();
    },
  };
}
