// Runs wrk (closed-loop load, pinned to the load core) and parses its human-readable report.
import { captureOutput, startProcess } from './processes';
import { pinned } from './tools';

export interface WrkLoad {
  url: string;
  connections: number;
  threads: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  cpuList: string;
}

export interface WrkResult {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  bytesRead: number;
  latencyMs: {
    avg: number;
    stdev: number;
    max: number;
    p50: number;
    p75: number;
    p90: number;
    p99: number;
  };
  /** wrk counts every status >= 400 here ("Non-2xx or 3xx responses"). */
  errorStatuses: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
}

export async function runWrk(load: WrkLoad): Promise<WrkResult> {
  const headerArgs = Object.entries(load.headers ?? {}).flatMap(([name, value]) => [
    '-H',
    `${name}: ${value}`,
  ]);
  const [command, args] = pinned(load.cpuList, 'wrk', [
    `-t${load.threads}`,
    `-c${load.connections}`,
    `-d${load.durationSeconds}s`,
    '--latency',
    '--timeout',
    '5s',
    ...headerArgs,
    load.url,
  ]);
  const child = startProcess(command, args);
  const output = captureOutput(child, 100_000);
  const code = await new Promise<number | null>((done) =>
    child.once('exit', (exitCode) => done(exitCode)),
  );
  if (code !== 0) throw new Error(`wrk exited with ${code}:\n${output()}`);
  return parseWrkOutput(output());
}

const TIME_UNITS_MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const BYTE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

function timeMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`wrk output: "${text}" is not a duration`);
  return Number(match[1]) * TIME_UNITS_MS[match[2]!]!;
}

function bytes(text: string): number {
  const match = /^([\d.]+)(B|KB|MB|GB|TB)$/.exec(text);
  if (!match) throw new Error(`wrk output: "${text}" is not a size`);
  return Number(match[1]) * BYTE_UNITS[match[2]!]!;
}

function required(output: string, pattern: RegExp, what: string): RegExpExecArray {
  const match = pattern.exec(output);
  if (!match) throw new Error(`wrk output has no ${what} (was --latency given?):\n${output}`);
  return match;
}

/** Parses `wrk --latency` output; throws naming the missing part rather than returning zeros. */
export function parseWrkOutput(output: string): WrkResult {
  const latency = required(
    output,
    /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+\S+%\s*$/m,
    'latency line',
  );
  const percentile = (p: number) =>
    timeMs(required(output, new RegExp(`^\\s*${p}%\\s+(\\S+)\\s*$`, 'm'), `${p}% latency`)[1]!);
  const total = required(output, /^\s*(\d+) requests in (\S+), (\S+) read\s*$/m, 'request count');
  const rate = required(output, /^Requests\/sec:\s+([\d.]+)\s*$/m, 'Requests/sec');
  const statuses = /^\s*Non-2xx or 3xx responses:\s+(\d+)\s*$/m.exec(output);
  const sockets =
    /^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)\s*$/m.exec(output);
  return {
    requests: Number(total[1]),
    durationSeconds: timeMs(total[2]!) / 1000,
    requestsPerSecond: Number(rate[1]),
    bytesRead: bytes(total[3]!),
    latencyMs: {
      avg: timeMs(latency[1]!),
      stdev: timeMs(latency[2]!),
      max: timeMs(latency[3]!),
      p50: percentile(50),
      p75: percentile(75),
      p90: percentile(90),
      p99: percentile(99),
    },
    errorStatuses: statuses ? Number(statuses[1]) : 0,
    socketErrors: {
      connect: sockets ? Number(sockets[1]) : 0,
      read: sockets ? Number(sockets[2]) : 0,
      write: sockets ? Number(sockets[3]) : 0,
      timeout: sockets ? Number(sockets[4]) : 0,
    },
  };
}
