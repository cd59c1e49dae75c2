// The bench's own Redis (pinned with the server under test), and what it counts: commands and reads.
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { waitForPort } from '../lib/stores';
import { captureOutput, onStop, startProcess } from './processes';
import { pinned } from './tools';

export interface BenchRedis {
  url: string;
  child: ChildProcess;
  client: Redis;
}

/** A Redis no one else uses, so command counts belong to the bench alone; in memory, no persistence. */
export async function startRedis(dir: string, port: number, cpuList: string): Promise<BenchRedis> {
  const [command, args] = pinned(cpuList, 'redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  const child = startProcess(command, args);
  const output = captureOutput(child);
  try {
    await waitForPort(port, 10_000, 'redis-server', child);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  onStop(() => client.disconnect());
  return { url, child, client };
}

export interface RedisCounters {
  /** Calls per command name, as INFO commandstats reports them (commands run inside scripts included). */
  calls: Record<string, number>;
  /** Read events on client sockets: with one request in flight, one per round trip. */
  reads: number;
}

export async function readCounters(client: Redis): Promise<RedisCounters> {
  // One INFO for both sections, so a snapshot costs the server exactly one read and one command.
  const info = String(await client.call('INFO', 'stats', 'commandstats'));
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    calls[match[1]!] = Number(match[2]);
  const reads = /^total_reads_processed:(\d+)/m.exec(info);
  return { calls, reads: reads ? Number(reads[1]) : 0 };
}

/** What happened between two snapshots, minus the bench's own INFO calls. */
export function counterDelta(before: RedisCounters, after: RedisCounters): RedisCounters {
  const calls: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.calls)) {
    const delta = count - (before.calls[name] ?? 0);
    if (delta > 0 && name !== 'info') calls[name] = delta;
  }
  // The later snapshot's own INFO is one read already counted in `after`.
  return { calls, reads: Math.max(0, after.reads - before.reads - 1) };
}

export function totalCalls(counters: RedisCounters): number {
  return Object.values(counters.calls).reduce((sum, n) => sum + n, 0);
}

/** Drops the analytics jobs piling up with no pump running, between runs, so memory stays flat. */
export async function dropKeys(client: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let dropped = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) dropped += await client.unlink(...keys);
  } while (cursor !== '0');
  return dropped;
}
