// One gateway runtime: stores, configuration (MongoDB, file or snapshot), live reload, data-plane listeners.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  redisKeys,
  verifyEvent,
  type AnalyticsRecord,
  type KeyRecord,
  type RedisKeys,
} from '@turnpike/common';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import { AnalyticsRecorder } from './analytics/recorder';
import { compile, type RuntimeConfig } from './config/compile';
import type { GatewayEnv } from './config/env';
import {
  loadFromFile,
  loadFromMongo,
  readSnapshot,
  writeSnapshot,
  type ConfigData,
} from './config/sources';
import { Limiter } from './limits/limiter';
import { Metrics, renderPrometheus } from './metrics';
import type { ControlTarget } from './control/server';
import { blockListOf } from './middleware/ip-filter';
import { Pools } from './proxy/pools';
import { createRequestHandler } from './server';
import { SessionStore } from './sessions/session-store';

export interface GatewayOptions {
  env: GatewayEnv;
  log?: (line: string) => void;
}

const RELOAD_DEBOUNCE_MS = 50;
const MONGO_RETRY_MS = 2000;

export class Gateway {
  readonly metrics = new Metrics();
  readonly keys: RedisKeys;
  readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly queueConnection: Redis;
  private readonly mongo: MongoClient | null;
  private readonly pools = new Pools();
  private readonly sessions: SessionStore;
  private readonly limiter: Limiter;
  private readonly recorder: AnalyticsRecorder;
  private runtime: RuntimeConfig | null = null;
  private configSource: 'mongodb' | 'file' | 'snapshot' | null = null;
  private reloadTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> | null = null;
  private servers: Server[] = [];
  private stopped = false;
  readonly log: (line: string) => void;

  constructor(
    readonly env: GatewayEnv,
    log?: (line: string) => void,
  ) {
    this.log = log ?? ((line) => console.log(`gateway: ${line}`));
    this.keys = redisKeys(env.redisPrefix);
    // The request path must fail fast during a Redis outage (503), never queue behind it.
    this.redis = new Redis(env.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
      commandTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.redis.on('error', () => undefined);
    this.subscriber = new Redis(env.redisUrl, {
      lazyConnect: true,
      retryStrategy: (t) => Math.min(t * 200, 2000),
    });
    this.subscriber.on('error', () => undefined);
    this.queueConnection = new Redis(env.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: null,
      retryStrategy: (t) => Math.min(t * 200, 2000),
    });
    this.queueConnection.on('error', () => undefined);
    this.mongo =
      env.configFile === undefined && env.mongodbUrl !== undefined
        ? new MongoClient(env.mongodbUrl, {
            serverSelectionTimeoutMS: 3000,
            connectTimeoutMS: 3000,
          })
        : null;
    let fixedKeys: Map<string, KeyRecord> | null = null;
    let fileData: ConfigData | null = null;
    if (env.configFile !== undefined) {
      const loaded = loadFromFile(env.configFile);
      fixedKeys = loaded.keys;
      fileData = { apis: loaded.apis, policies: loaded.policies };
    }
    this.sessions = new SessionStore(
      this.redis,
      this.keys,
      () => (this.mongo ? this.db().collection('keys') : null),
      fixedKeys,
    );
    this.limiter = new Limiter(this.redis);
    this.recorder = new AnalyticsRecorder(this.queueConnection, this.keys.bullPrefix, this.metrics);
    if (fileData) this.apply(fileData, 'file');
  }

  get ready(): boolean {
    return this.runtime !== null;
  }

  get status(): { ready: boolean; source: string | null; apis: number } {
    return { ready: this.ready, source: this.configSource, apis: this.runtime?.apiCount ?? 0 };
  }

  /** What the control plane asks of a gateway running alone in its process. */
  controlTarget(): ControlTarget {
    return {
      ready: () => this.ready,
      status: () => this.status,
      metrics: async () => renderPrometheus(this.metrics.snapshot()),
      reload: () => this.reload(),
      purgeCache: (apiId) => this.purgeCache(apiId),
    };
  }

  /** Connects the stores, loads configuration and opens the data-plane listeners. */
  async start(): Promise<{ port: number; internalPort: number }> {
    await Promise.allSettled([
      withTimeout(this.redis.connect(), 3000),
      withTimeout(this.subscriber.connect(), 3000),
      withTimeout(this.queueConnection.connect(), 3000),
    ]);
    this.subscribe();
    if (this.mongo && !(await this.reload())) {
      const snapshot = readSnapshot(this.env.dataDir);
      if (snapshot) {
        this.log(`MongoDB unreachable: serving the snapshot saved at ${snapshot.savedAt}`);
        this.apply(snapshot, 'snapshot');
      } else {
        this.log('MongoDB unreachable and no snapshot yet: not ready until MongoDB answers');
      }
      this.scheduleMongoRetry();
    }
    const trusted =
      this.env.trustedProxies.length > 0 ? blockListOf(this.env.trustedProxies) : null;
    const deps = (internal: boolean) => ({
      router: () =>
        this.runtime ? (internal ? this.runtime.internal : this.runtime.external) : null,
      metrics: this.metrics,
      record: (record: AnalyticsRecord) => this.recorder.record(record),
      trustedProxies: trusted,
      log: this.log,
    });
    const external = await listen(createRequestHandler(deps(false)), this.env.port, this.env.host);
    const internal = await listen(
      createRequestHandler(deps(true)),
      this.env.internalPort,
      this.env.internalHost,
    );
    this.servers = [external, internal];
    return {
      port: (external.address() as AddressInfo).port,
      internalPort: (internal.address() as AddressInfo).port,
    };
  }

  /** Reloads from MongoDB; keeps serving the current configuration when it fails. */
  reload(): Promise<boolean> {
    if (this.mongo === null) return Promise.resolve(this.ready);
    if (this.reloading) return this.reloading;
    this.reloading = (async () => {
      try {
        await this.mongo!.connect();
        const data = await loadFromMongo(this.db(), this.log);
        this.apply(data, 'mongodb');
        try {
          writeSnapshot(this.env.dataDir, data);
        } catch (error) {
          this.log(`could not write the configuration snapshot: ${(error as Error).message}`);
        }
        return true;
      } catch (error) {
        this.log(`configuration load from MongoDB failed: ${(error as Error).message}`);
        return false;
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  /** Deletes every cached response of an API; returns how many were removed. */
  async purgeCache(apiId: string): Promise<number> {
    let cursor = '0';
    let removed = 0;
    do {
      const [next, found] = await this.redis.scan(
        cursor,
        'MATCH',
        this.keys.cachePattern(apiId),
        'COUNT',
        1000,
      );
      cursor = next;
      if (found.length > 0) removed += await this.redis.unlink(...found);
    } while (cursor !== '0');
    return removed;
  }

  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), flushes analytics, closes stores. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.reloadTimer);
    clearTimeout(this.retryTimer);
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((done) => {
            // Connections that finish their last response while we wait become idle: close them too.
            const sweep = setInterval(() => server.closeIdleConnections(), 50);
            const force = setTimeout(() => {
              clearInterval(sweep);
              server.closeAllConnections();
              done();
            }, graceMs);
            server.close(() => {
              clearInterval(sweep);
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      ),
    );
    for (const group of this.runtime?.groups ?? []) group.stop();
    await withTimeout(this.recorder.close(), 5000).catch(() =>
      this.log('analytics not flushed: Redis unavailable'),
    );
    await this.pools.close();
    this.subscriber.disconnect();
    this.redis.disconnect();
    this.queueConnection.disconnect();
    await this.mongo?.close().catch(() => undefined);
  }

  private db(): Db {
    return this.mongo!.db(databaseName(this.env.mongodbUrl!));
  }

  private apply(data: ConfigData, source: 'mongodb' | 'file' | 'snapshot'): void {
    const previous = this.runtime;
    const next = compile(
      data,
      {
        redis: this.redis,
        keys: this.keys,
        sessions: this.sessions,
        limiter: this.limiter,
        metrics: this.metrics,
      },
      this.pools,
      this.log,
      previous,
    );
    for (const group of next.groups) group.startHealthChecks();
    // Requests in flight keep the chain they started with; new ones see the new configuration.
    this.runtime = next;
    this.configSource = source;
    const kept = new Set(next.groups);
    for (const group of previous?.groups ?? []) if (!kept.has(group)) group.stop();
    if (previous === null)
      this.log(
        `configuration loaded from ${source}: ${next.apiCount} APIs, ${data.policies.length} policies`,
      );
  }

  private scheduleMongoRetry(): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(async () => {
      if (await this.reload()) this.log('MongoDB reachable again: configuration reloaded');
      else this.scheduleMongoRetry();
    }, MONGO_RETRY_MS);
    this.retryTimer.unref();
  }

  private subscribe(): void {
    this.subscriber.on('message', (_channel: string, message: string) => {
      const event = verifyEvent(message, this.env.secret);
      if (event === null) {
        this.log('ignored a change notice with a bad signature');
        return;
      }
      if (event.type === 'key.changed') this.sessions.invalidate(event.hash);
      else if (event.type === 'cache.purge')
        void this.purgeCache(event.apiId).catch(() => undefined);
      else if (event.type === 'config.changed') {
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.reload(), RELOAD_DEBOUNCE_MS);
      }
    });
    // Re-subscribing after a reconnect is automatic in ioredis; sessions cached meanwhile expire on their own.
    this.subscriber.on('ready', () => this.sessions.clear());
    // Not awaited: with Redis down it completes once Redis is back, and start must not wait for that.
    this.subscriber.subscribe(this.keys.eventsChannel).catch(() => undefined);
  }
}

export function databaseName(mongodbUrl: string): string {
  const path = new URL(mongodbUrl).pathname.replace(/^\//, '');
  return path === '' ? 'turnpike' : decodeURIComponent(path);
}

function listen(
  handler: Parameters<typeof createServer>[1],
  port: number,
  host: string | undefined,
): Promise<Server> {
  const server = createServer(
    { keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 30_000 },
    handler,
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
