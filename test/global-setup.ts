// Starts one real FerretDB (SQLite, temporary dir) for the run and finds a real Redis; tests use
// their own database and key prefix on them (test/support/stores.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, resolveRedis, startFerretDB, type Store } from '../scripts/lib/stores';

import type {} from './support/provided';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'turnpike-test-'));
  const started: Store[] = [];
  let mongodbUrl = process.env.TEST_MONGODB_URL;
  if (!mongodbUrl) {
    const ferret = await startFerretDB({ dataDir: join(dir, 'ferretdb'), port: await freePort() });
    started.push(ferret);
    mongodbUrl = ferret.url;
  }
  let redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    const redis = await resolveRedis({ dataDir: join(dir, 'redis') });
    started.push(redis);
    redisUrl = redis.url;
  }
  project.provide('mongodbUrl', mongodbUrl);
  project.provide('redisUrl', redisUrl);
  return async () => {
    for (const store of started) await store.stop?.();
    rmSync(dir, { recursive: true, force: true });
  };
}
