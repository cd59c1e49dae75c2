// The pump benchmark: records/s drained into FerretDB, queued-to-chart delay, and the 30-day overview query.
// Runs alone (`node --import tsx scripts/bench/pump.ts [records]`) or from `npm run bench` (runPumpBench).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  aggregateCollection,
  aggregateDocumentSchema,
  ANALYTICS_JOB_NAME,
  ANALYTICS_JOB_OPTIONS,
  ANALYTICS_QUEUE,
  bucketStart,
  decodeMetrics,
  partitionStart,
  redisKeys,
  scopeField,
  type AnalyticsRecord,
} from '@turnpike/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import { readAnalytics } from '../../dashboard/lib/analytics/read-analytics';
import { freePort, resolveRedis, ROOT, startFerretDB, type Store } from '../lib/stores';

export interface PumpBenchOptions {
  /** Records queued before the pump starts, for the drain rate. */
  records?: number;
  /** Records per batch job, as the gateway sends them. */
  batchSize?: number;
  /** Load while the delay is measured, records/s. */
  loadPerSecond?: number;
}

export interface PumpBenchReport {
  drain: {
    records: number;
    seconds: number;
    recordsPerSecond: number;
    aggregatedAfterSeconds: number;
    /** CPU time per record while draining: where the time goes. */
    cpuUsPerRecord: { ferretdb: number; pump: number };
  };
  delay: { probes: number; p50Ms: number; maxMs: number; loadPerSecond: number };
  overview: { days: number; records: number; byDay: Timing; byHour: Timing; oneApiByHour: Timing };
  targets: { drain: boolean; delay: boolean; overview: boolean };
}

interface Timing {
  points: number;
  p50Ms: number;
  maxMs: number;
}

const DAY = 24 * 3600 * 1000;
const APIS = Array.from({ length: 10 }, (_, i) => `api-${i}`);
const KEYS = Array.from({ length: 100 }, (_, i) => `k_bench${String(i).padStart(4, '0')}`);
const STATUSES = [200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 429, 500, 502, 504];
const PATHS = [
  '/users/42',
  '/users/43/orders',
  '/orders',
  '/health',
  '/search?q=x',
  '/items/9f1c2d3e4b5a6978',
];

let sequence = 0;
function benchRecord(ts: number, apiId = APIS[sequence % APIS.length]!): AnalyticsRecord {
  sequence += 1;
  const status = STATUSES[sequence % STATUSES.length]!;
  return {
    id: `b_${ts.toString(36)}${sequence.toString(36)}${randomBytes(4).toString('hex')}`,
    ts,
    apiId,
    keyId: sequence % 3 === 0 ? null : KEYS[sequence % KEYS.length]!,
    method: sequence % 5 === 0 ? 'POST' : 'GET',
    host: 'api.bench.test',
    path: `/${apiId}${PATHS[sequence % PATHS.length]}`,
    status,
    latencyMs: (sequence * 7.3) % 400,
    upstreamLatencyMs: status >= 500 ? null : (sequence * 5.1) % 300,
    bytesIn: sequence % 5 === 0 ? 512 : 0,
    bytesOut: 200 + (sequence % 3000),
    clientIp: `10.0.${sequence % 256}.${(sequence >> 8) % 256}`,
    userAgent: 'turnpike-bench/1.0',
    gtxid: randomBytes(12).toString('hex'),
    ...(status >= 400 && {
      errorCode: status === 429 ? 'rate_limit.exceeded' : 'upstream.unavailable',
    }),
    ...(sequence % 4 === 0 && { cache: sequence % 8 === 0 ? 'HIT' : 'MISS' }),
  } as AnalyticsRecord;
}

export async function runPumpBench(options: PumpBenchOptions = {}): Promise<PumpBenchReport> {
  const records = options.records ?? 100_000;
  const batchSize = options.batchSize ?? 1000;
  useAllCores();
  const dir = mkdtempSync(join(tmpdir(), 'turnpike-pump-bench-'));
  const prefix = `bench${randomBytes(3).toString('hex')}:`;
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const ferret = await startFerretDB({ dataDir: join(dir, 'ferretdb'), port: await freePort() });
    cleanups.push(() => ferret.stop?.() ?? Promise.resolve());
    const redisStore: Store = await resolveRedis({ dataDir: join(dir, 'redis') });
    if (redisStore.stop) cleanups.push(redisStore.stop);
    const mongodbUrl = `${ferret.url}pumpbench`;
    const mongo = new MongoClient(mongodbUrl);
    cleanups.push(() => mongo.close());
    const db = mongo.db('pumpbench');
    const connection = new Redis(redisStore.url, { maxRetriesPerRequest: null });
    const queue = new Queue(ANALYTICS_QUEUE, { connection, prefix: redisKeys(prefix).bullPrefix });
    cleanups.push(async () => {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      const keys = await connection.keys(`${prefix}*`);
      if (keys.length > 0) await connection.del(...keys);
      connection.disconnect();
    });
    const send = (batch: AnalyticsRecord[]) =>
      queue.add(ANALYTICS_JOB_NAME, { records: batch }, ANALYTICS_JOB_OPTIONS);

    // 1. Drain: a backlog queued first, then one pump started; time until the queue is empty.
    log(`queueing ${records.toLocaleString('en')} records in batches of ${batchSize}`);
    const now = Date.now();
    for (let queued = 0; queued < records; queued += batchSize) {
      const size = Math.min(batchSize, records - queued);
      await send(
        Array.from({ length: size }, (_, i) =>
          benchRecord(now - 120_000 + ((queued + i) % 120_000)),
        ),
      );
    }
    const pump = startPump(mongodbUrl, redisStore.url, prefix);
    cleanups.unshift(() => pump.stop());
    await pump.consuming;
    const ferretPid = pidOf(join(dir, 'ferretdb'));
    const cpuBefore = { ferretdb: cpuSeconds(ferretPid), pump: cpuSeconds(pump.pid) };
    const started = Date.now();
    await until(() => queueEmpty(queue));
    const drainSeconds = (Date.now() - started) / 1000;
    const cpuUsPerRecord = {
      ferretdb: Math.round(((cpuSeconds(ferretPid) - cpuBefore.ferretdb) * 1e6) / records),
      pump: Math.round(((cpuSeconds(pump.pid) - cpuBefore.pump) * 1e6) / records),
    };
    await until(async () => (await countedHits(db, now - 120_000, now)) >= records);
    const aggregatedAfterSeconds = (Date.now() - started) / 1000;
    const drain = {
      records,
      seconds: drainSeconds,
      recordsPerSecond: Math.round(records / drainSeconds),
      aggregatedAfterSeconds,
      cpuUsPerRecord,
    };
    log(
      `drained ${drain.recordsPerSecond.toLocaleString('en')} records/s; all counted after ${aggregatedAfterSeconds.toFixed(1)} s`,
    );

    // 2. Delay: steady load at half the drain rate just measured (a pump running flat out has a
    // growing backlog, and then any delay is possible); now and then a probe record of an API of
    // its own, timed from queueing until the minute bucket the charts read holds it.
    const loadPerSecond = Math.min(
      options.loadPerSecond ?? 5_000,
      Math.round(drain.recordsPerSecond / 2 / 10) * 10,
    );
    log(`measuring queued-to-chart delay under ${loadPerSecond.toLocaleString('en')} records/s`);
    const load = steadyLoad(loadPerSecond, (batch) => send(batch));
    const delays: number[] = [];
    try {
      for (let probe = 0; probe < 12; probe++) {
        await sleep(1000);
        const apiId = `probe-${probe}`;
        const queuedAt = Date.now();
        await send([benchRecord(queuedAt, apiId)]);
        await until(() => bucketHas(db, queuedAt, scopeField({ kind: 'api', apiId })), 60_000, 20);
        delays.push(Date.now() - queuedAt);
      }
    } finally {
      await load.stop();
    }
    delays.sort((a, b) => a - b);
    const delay = {
      probes: delays.length,
      p50Ms: delays[Math.floor(delays.length / 2)]!,
      maxMs: delays.at(-1)!,
      loadPerSecond,
    };
    log(`delay p50 ${delay.p50Ms} ms, max ${delay.maxMs} ms`);

    // 3. Overview: 30 days of traffic (40 requests an hour over 10 APIs and 100 keys), aggregated by
    // the pump, then the dashboard's own query, as GET /api/analytics runs it. Each hour's requests
    // come in its first minute: the query reads day and hour buckets only, and backfilling 43,200
    // minute buckets at once (traffic every minute) would measure the backfill, not the query.
    const days = 30;
    const end = bucketStart('hour', Date.now());
    const spread: AnalyticsRecord[] = [];
    for (let hour = end - days * DAY; hour < end; hour += 3_600_000) {
      for (let i = 0; i < 40; i++) spread.push(benchRecord(hour + i * 1000));
    }
    log(`queueing ${spread.length.toLocaleString('en')} records spread over ${days} days`);
    for (let i = 0; i < spread.length; i += batchSize) await send(spread.slice(i, i + batchSize));
    await until(() => queueEmpty(queue), 600_000);
    await until(
      async () => (await db.collection('analytics_pending').countDocuments()) === 0,
      600_000,
    );
    const range = { from: String(end - days * DAY), to: String(end) };
    const overview = {
      days,
      records: spread.length,
      byDay: await timeQuery(db, range),
      byHour: await timeQuery(db, { ...range, granularity: 'hour' }),
      oneApiByHour: await timeQuery(db, { ...range, granularity: 'hour', apiId: APIS[3]! }),
    };
    const report: PumpBenchReport = {
      drain,
      delay,
      overview,
      targets: {
        drain: drain.recordsPerSecond >= 20_000,
        delay: delay.maxMs < 5_000,
        overview: overview.byDay.p50Ms < 300,
      },
    };
    console.log(formatPumpReport(report));
    return report;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatPumpReport({ drain, delay, overview, targets }: PumpBenchReport): string {
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const rows: [string, string, string, string][] = [
    ['measure', 'value', 'target', ''],
    [
      `drain into FerretDB (${drain.records.toLocaleString('en')} records, batches of 1000)`,
      `${drain.recordsPerSecond.toLocaleString('en')} records/s`,
      '>= 20,000/s',
      mark(targets.drain),
    ],
    [
      '  all of them counted in the aggregates after',
      `${drain.aggregatedAfterSeconds.toFixed(1)} s`,
      '',
      '',
    ],
    [
      '  CPU per record while draining: FerretDB, pump',
      `${drain.cpuUsPerRecord.ferretdb} µs, ${drain.cpuUsPerRecord.pump} µs`,
      '',
      '',
    ],
    [
      `queued -> in the chart's bucket, ${delay.probes} probes at ${delay.loadPerSecond.toLocaleString('en')} rec/s`,
      `p50 ${ms(delay.p50Ms)}, max ${ms(delay.maxMs)}`,
      '< 5 s',
      mark(targets.delay),
    ],
    [
      `overview query, ${overview.days} days by day (${overview.byDay.points} points)`,
      `p50 ${ms(overview.byDay.p50Ms)}, max ${ms(overview.byDay.maxMs)}`,
      '< 300 ms',
      mark(targets.overview),
    ],
    [
      `  same, by hour (${overview.byHour.points} points)`,
      `p50 ${ms(overview.byHour.p50Ms)}, max ${ms(overview.byHour.maxMs)}`,
      '',
      '',
    ],
    [
      `  one API by hour`,
      `p50 ${ms(overview.oneApiByHour.p50Ms)}, max ${ms(overview.oneApiByHour.maxMs)}`,
      '',
      '',
    ],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell))
      .join('  ')
      .trimEnd();
  return ['', 'pump benchmark (own FerretDB 1.24 on SQLite, local Redis)', ...rows.map(line)].join(
    '\n',
  );
}

async function timeQuery(db: Db, query: Record<string, string>): Promise<Timing> {
  const times: number[] = [];
  let points = 0;
  for (let run = 0; run < 11; run++) {
    const started = performance.now();
    const answer = await readAnalytics(db, query);
    times.push(performance.now() - started);
    points = answer.series.length;
    if (answer.totals.hits === 0) throw new Error('the overview query found no traffic');
  }
  times.sort((a, b) => a - b);
  return { points, p50Ms: Math.round(times[5]!), maxMs: Math.round(times.at(-1)!) };
}

/** Hits counted in the all-APIs day buckets between from and to. */
async function countedHits(db: Db, from: number, to: number): Promise<number> {
  let hits = 0;
  for (let day = bucketStart('day', from); day <= to; day += DAY) {
    const document = await db
      .collection<{ _id: string }>(aggregateCollection('day', 'apis', partitionStart('day', day)))
      .findOne({ _id: new Date(day).toISOString() });
    const stored = document && aggregateDocumentSchema.parse(document).scopes.all;
    if (stored) hits += decodeMetrics(stored).hits;
  }
  return hits;
}

async function queueEmpty(queue: Queue): Promise<boolean> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
  return counts.waiting! + counts.active! + counts.delayed! === 0;
}

async function bucketHas(db: Db, ts: number, field: string): Promise<boolean> {
  const minute = bucketStart('minute', ts);
  const document = await db
    .collection<{ _id: string; scopes?: Record<string, string> }>(
      aggregateCollection('minute', 'apis', partitionStart('minute', minute)),
    )
    .findOne({ _id: new Date(minute).toISOString() });
  return document?.scopes?.[field] !== undefined;
}

/** Sends `perSecond` records a second in five batches a second until stopped. */
function steadyLoad(
  perSecond: number,
  send: (batch: AnalyticsRecord[]) => Promise<unknown>,
): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      const tick = Date.now();
      await send(
        Array.from({ length: Math.max(1, Math.round(perSecond / 5)) }, () =>
          benchRecord(Date.now()),
        ),
      );
      await sleep(Math.max(0, 200 - (Date.now() - tick)));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
    },
  };
}

interface PumpChild {
  pid: number;
  consuming: Promise<void>;
  stop(): Promise<void>;
}

function startPump(mongodbUrl: string, redisUrl: string, prefix: string): PumpChild {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'pump', 'src', 'main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        MONGODB_URL: mongodbUrl,
        REDIS_URL: redisUrl,
        TURNPIKE_REDIS_PREFIX: prefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const consuming = new Promise<void>((resolve, reject) => {
    const onData = (chunk: string) => {
      output += chunk;
      if (output.includes('pump: consuming')) resolve();
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`the pump exited (${code}):\n${output}`)));
  });
  return {
    pid: child.pid!,
    consuming,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** The pid of the process started with `marker` on its command line (our own FerretDB). */
function pidOf(marker: string): number {
  const found = spawnSync('pgrep', ['-f', '-n', marker], { encoding: 'utf8' }).stdout.trim();
  return Number(found) || 0;
}

/** User plus system CPU seconds a process has used so far (0 when it cannot be read). */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** `npm run bench` pins itself to some cores; the pump, FerretDB and Redis share all of them, as deployed. */
function useAllCores(): void {
  spawnSync('taskset', ['-a', '-p', '-c', `0-${cpus().length - 1}`, String(process.pid)], {
    stdio: 'ignore',
  });
}

async function until(
  check: () => Promise<boolean>,
  timeoutMs = 600_000,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the pump benchmark timed out waiting for the pump');
    await sleep(intervalMs);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value} ms`;
}

function log(line: string): void {
  console.log(`bench(pump): ${line}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const records = process.argv[2] ? Number(process.argv[2]) : undefined;
  runPumpBench({ records }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`bench(pump): ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
