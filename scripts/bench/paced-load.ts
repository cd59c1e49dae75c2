// Fixed-rate (open-model) load, since wrk2 is not in Debian: requests leave on a schedule, not when the
// last one returns, and latency counts from the scheduled time, so a stall shows in p99 (no coordinated
// omission). Runs as its own process on the load core; prints one JSON PacedResult line on stdout.
// Usage: node --import tsx scripts/bench/paced-load.ts '<PacedLoad JSON>'
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ResponseFramer } from './response-framer';
import { percentile } from './stats';

export interface PacedLoad {
  url: string;
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  headers?: Record<string, string>;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface PacedResult {
  targetRate: number;
  achievedRate: number;
  recorded: number;
  /** Latency from the scheduled send time: what a caller arriving on schedule waits. */
  latencyMs: LatencySummary;
  /** Latency from the actual write: service time alone, as wrk measures it. */
  serviceLatencyMs: LatencySummary;
  non2xx: number;
  socketErrors: number;
  /** Most requests ever waiting for a free connection: high means the server fell behind. */
  maxBacklog: number;
}

interface Connection {
  socket: Socket;
  busy: boolean;
  scheduledAt: number;
  sentAt: number;
}

export async function runPacedLoad(load: PacedLoad): Promise<PacedResult> {
  const url = new URL(load.url);
  const extraHeaders = Object.entries(load.headers ?? {})
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const request = Buffer.from(
    `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${extraHeaders}\r\n`,
  );
  const intervalMs = 1000 / load.rate;
  const total = Math.round(load.rate * (load.warmupSeconds + load.durationSeconds));
  const latencies = new Float64Array(total);
  const serviceLatencies = new Float64Array(total);
  let recorded = 0;
  let non2xx = 0;
  let socketErrors = 0;
  let completed = 0;
  let maxBacklog = 0;
  let answeredInWindow = 0;
  const idle: Connection[] = [];
  // Scheduled times waiting for a connection, as a growing array read from `backlogHead`.
  const backlog: number[] = [];
  let backlogHead = 0;

  let start = 0;
  let recordFrom = 0;

  const send = (connection: Connection, scheduledAt: number) => {
    connection.busy = true;
    connection.scheduledAt = scheduledAt;
    connection.sentAt = performance.now();
    connection.socket.write(request);
  };

  const release = (connection: Connection) => {
    connection.busy = false;
    if (backlogHead < backlog.length) send(connection, backlog[backlogHead++]!);
    else idle.push(connection);
  };

  const open = (): Promise<void> =>
    new Promise((ready, fail) => {
      const socket = connect({ host: url.hostname, port: Number(url.port || 80), noDelay: true });
      const connection: Connection = { socket, busy: false, scheduledAt: 0, sentAt: 0 };
      const framer = new ResponseFramer((status) => {
        const now = performance.now();
        completed++;
        if (now >= recordFrom && now < recordFrom + load.durationSeconds * 1000) answeredInWindow++;
        if (status < 200 || status > 299) non2xx++;
        if (connection.scheduledAt >= recordFrom) {
          latencies[recorded] = now - connection.scheduledAt;
          serviceLatencies[recorded] = now - connection.sentAt;
          recorded++;
        }
        release(connection);
      });
      socket.on('data', (chunk: Buffer) => framer.feed(chunk));
      socket.once('connect', () => {
        idle.push(connection);
        ready();
      });
      socket.on('error', fail);
      // A connection lost mid-request loses that request; the run goes on with the others.
      socket.once('close', () => {
        if (connection.busy) socketErrors++;
        connection.busy = false;
      });
    });

  await Promise.all(Array.from({ length: load.connections }, open));
  start = performance.now() + 10;
  recordFrom = start + load.warmupSeconds * 1000;

  let scheduled = 0;
  await new Promise<void>((finished) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (scheduled < due) {
        const at = start + scheduled * intervalMs;
        scheduled++;
        const connection = idle.pop();
        if (connection) send(connection, at);
        else backlog.push(at);
      }
      maxBacklog = Math.max(maxBacklog, backlog.length - backlogHead);
      const drained = completed + socketErrors >= total;
      const overdue =
        performance.now() > start + (load.warmupSeconds + load.durationSeconds + 10) * 1000;
      if (drained || overdue) finished();
      // Spinning through setImmediate keeps the schedule to microseconds; the load core is ours alone.
      else setImmediate(tick);
    };
    tick();
  });

  for (const connection of idle) connection.socket.destroy();
  const summary = (values: Float64Array): LatencySummary => {
    const sorted = values.subarray(0, recorded).sort();
    return {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      p999: percentile(sorted, 99.9),
      max: sorted[sorted.length - 1] ?? Number.NaN,
    };
  };
  return {
    targetRate: load.rate,
    // Responses that arrived during the timed window, whenever they were scheduled.
    achievedRate: answeredInWindow / load.durationSeconds,
    recorded,
    latencyMs: summary(latencies),
    serviceLatencyMs: summary(serviceLatencies),
    non2xx,
    socketErrors,
    maxBacklog,
  };
}

if (process.argv[1] === import.meta.filename) {
  const load = JSON.parse(process.argv[2] ?? '') as PacedLoad;
  const result = await runPacedLoad(load);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
