// The fixed-rate comparison: each chosen scenario at the same steady rate (a fraction of B's measured
// req/s), the load generator running as its own process on the load core.
import { join } from 'node:path';
import { cpuShare, cpuSnapshot, DISTURBED_PERCENT, type CpuShare } from './cpu';
import { waitForQuiet, type LoadSettings } from './measure';
import type { ScenarioId } from './options';
import type { PacedLoad, PacedResult } from './paced-load';
import { captureOutput, startProcess } from './processes';
import type { Scenario } from './scenarios';
import { pinned } from './tools';

const PACED_LOAD = join(import.meta.dirname, 'paced-load.ts');

/** nginx proxy against the naive proxy and Turnpike, keyless and keyed. */
export const PACED_IDS: readonly ScenarioId[] = ['B', 'N', 'C', 'D'];

/** Beyond this share of a server's closed-loop throughput, queueing dominates its latency. */
const NEAR_SATURATION = 0.8;

export interface PacedRow {
  id: ScenarioId;
  label: string;
  result: PacedResult;
  cpu: CpuShare;
}

export interface PacedComparison {
  rate: number;
  durationSeconds: number;
  rows: PacedRow[];
}

export async function measurePaced(
  scenarios: Scenario[],
  rate: number,
  durationSeconds: number,
  settings: LoadSettings,
  issues: string[],
  /** Each scenario's closed-loop req/s, to flag a fixed rate too close to what it can do at all. */
  saturation: Partial<Record<ScenarioId, number>>,
): Promise<PacedComparison> {
  const rows: PacedRow[] = [];
  for (const scenario of scenarios.filter((s) => PACED_IDS.includes(s.id))) {
    console.log(`bench: ${scenario.id} at a fixed ${rate} req/s for ${durationSeconds} s`);
    await waitForQuiet(settings);
    const before = cpuSnapshot(settings.serverPids, settings.serverCores);
    const load: PacedLoad = {
      url: scenario.url,
      headers: scenario.headers,
      rate,
      durationSeconds,
      warmupSeconds: Math.min(3, settings.warmupSeconds),
      connections: settings.connections,
    };
    const result = await runPaced(load, settings.loadCpus);
    const cpu = cpuShare(before, cpuSnapshot(settings.serverPids, settings.serverCores));
    rows.push({ id: scenario.id, label: scenario.label, result, cpu });
    const name = `fixed rate, ${scenario.id} ${scenario.label}`;
    if (cpu.othersPercent > DISTURBED_PERCENT) {
      issues.push(`${name}: other work took ${cpu.othersPercent.toFixed(0)}% of the server core`);
    }
    const most = saturation[scenario.id];
    if (most !== undefined && rate > NEAR_SATURATION * most) {
      issues.push(
        `${name}: the fixed rate is ${Math.round((100 * rate) / most)}% of its closed-loop ${Math.round(most)} req/s, so its tail is queueing, not overhead`,
      );
    } else if (result.achievedRate < 0.95 * rate) {
      issues.push(
        `${name}: answered ${Math.round(result.achievedRate)} of ${rate} req/s, so it fell behind and its latency is mostly queueing`,
      );
    }
    if (result.non2xx + result.socketErrors > 0) {
      issues.push(
        `${name}: ${result.non2xx} non-2xx responses, ${result.socketErrors} socket errors`,
      );
    }
  }
  return { rate, durationSeconds, rows };
}

async function runPaced(load: PacedLoad, cpuList: string): Promise<PacedResult> {
  const [command, args] = pinned(cpuList, process.execPath, [
    '--import',
    'tsx',
    PACED_LOAD,
    JSON.stringify(load),
  ]);
  const child = startProcess(command, args);
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => (stdout += chunk));
  const stderr = captureOutput(child);
  const code = await new Promise<number | null>((done) =>
    child.once('exit', (exitCode) => done(exitCode)),
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`paced load exited with ${code}:\n${stdout}\n${stderr()}`);
  }
  return JSON.parse(line) as PacedResult;
}
