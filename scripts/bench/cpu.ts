// CPU accounting on the server core: how much the processes under test used, and how much other work
// (a shared machine) took from them, so a disturbed run shows in the table instead of passing as a result.
import { readFileSync } from 'node:fs';
import { processTree } from './rss';

/** Linux reports process and core times in USER_HZ ticks, 100 a second on every common build. */
const TICKS_PER_SECOND = 100;

/** Other work taking more than this share of the server core makes a run's numbers suspect. */
export const DISTURBED_PERCENT = 10;

export interface CpuSnapshot {
  at: number;
  /** Ticks used by the processes under test (their whole trees). */
  ownTicks: number;
  /** Busy ticks of the server cores, by anyone. */
  coreBusyTicks: number;
}

export interface CpuShare {
  /** CPU used by the processes under test, percent of one core. */
  serverPercent: number;
  /** CPU others used on the server cores meanwhile, percent of one core. */
  othersPercent: number;
}

/** "0", "0,2", "0-3" → [0], [0, 2], [0, 1, 2, 3]. */
export function parseCpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    if (to === undefined) return [from!];
    return Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
  });
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the ")" closing the command name: state is field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function coreBusyTicks(cores: number[]): number {
  let busy = 0;
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match || !cores.includes(Number(match[1]))) continue;
    const [user, nice, system, , , irq, softirq, steal] = match[2]!.trim().split(/\s+/).map(Number);
    busy += user! + nice! + system! + irq! + softirq! + steal!;
  }
  return busy;
}

export function cpuSnapshot(rootPids: readonly number[], cores: number[]): CpuSnapshot {
  const pids = new Set(rootPids.flatMap((pid) => processTree(pid)));
  let ownTicks = 0;
  for (const pid of pids) ownTicks += processTicks(pid);
  return { at: performance.now(), ownTicks, coreBusyTicks: coreBusyTicks(cores) };
}

export function cpuShare(before: CpuSnapshot, after: CpuSnapshot): CpuShare {
  const seconds = (after.at - before.at) / 1000;
  const own = (after.ownTicks - before.ownTicks) / TICKS_PER_SECOND;
  const busy = (after.coreBusyTicks - before.coreBusyTicks) / TICKS_PER_SECOND;
  return {
    serverPercent: (100 * own) / seconds,
    othersPercent: Math.max(0, (100 * (busy - own)) / seconds),
  };
}

/**
 * On a shared machine, waits (at most `maxWaitMs`) until other work takes less than `thresholdPercent`
 * of the server cores over a one-second sample. Returns the last sample, so a run that had to go ahead
 * anyway can say so.
 */
export async function waitForQuietCores(
  rootPids: readonly number[],
  cores: number[],
  thresholdPercent: number,
  maxWaitMs: number,
): Promise<number> {
  const deadline = performance.now() + maxWaitMs;
  let announced = false;
  for (;;) {
    const before = cpuSnapshot(rootPids, cores);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { othersPercent } = cpuShare(before, cpuSnapshot(rootPids, cores));
    if (othersPercent < thresholdPercent || performance.now() > deadline) return othersPercent;
    if (!announced) {
      console.log(
        `bench: other work takes ${othersPercent.toFixed(0)}% of the server core; waiting for it to calm down`,
      );
      announced = true;
    }
  }
}
