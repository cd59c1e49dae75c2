// Measures one scenario: a probe, a warm-up, then timed wrk runs with Redis counted around each, and RSS.
import type { Redis } from 'ioredis';
import { cpuShare, cpuSnapshot, DISTURBED_PERCENT, waitForQuietCores, type CpuShare } from './cpu';
import { counterDelta, dropKeys, readCounters, totalCalls, type RedisCounters } from './redis';
import { treeRssMb } from './rss';
import { probe, type Scenario } from './scenarios';
import { median } from './stats';
import { runWrk, type WrkResult } from './wrk';

export interface LoadSettings {
  runs: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  threads: number;
  loadCpus: string;
  /** Every process under test (nginx, proxies, Redis, gateway), for CPU accounting. */
  serverPids: number[];
  serverCores: number[];
  quietWaitSeconds: number;
}

export interface RedisUse {
  /** Commands per request under load, commands run inside Lua scripts included (INFO commandstats). */
  callsPerRequest: number;
  byCommand: Record<string, number>;
  /** Network round trips per request, from reads counted while requests went one at a time. */
  roundTripsPerRequest?: number;
}

export interface ScenarioResult {
  id: Scenario['id'];
  label: string;
  url: string;
  probeIssues: string[];
  runs: WrkResult[];
  /** Per run: CPU the processes under test used, and CPU other work took on their core. */
  cpu: CpuShare[];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errorStatuses: number;
  socketErrors: number;
  redis?: RedisUse;
  gatewayRssMb?: number;
}

export interface GatewayWatch {
  pid: number;
  redis: Redis;
  /** Keys that pile up with no pump to drain them (the analytics queue), dropped between runs. */
  dropPattern: string;
}

export async function measureScenario(
  scenario: Scenario,
  settings: LoadSettings,
  gateway?: GatewayWatch,
): Promise<ScenarioResult> {
  const probeIssues = await probe(scenario);
  const load = {
    url: scenario.url,
    headers: scenario.headers,
    connections: settings.connections,
    threads: settings.threads,
    cpuList: settings.loadCpus,
  };
  if (settings.warmupSeconds > 0)
    await runWrk({ ...load, durationSeconds: settings.warmupSeconds });
  const runs: WrkResult[] = [];
  const deltas: RedisCounters[] = [];
  const cpu: CpuShare[] = [];
  for (let run = 0; run < settings.runs; run++) {
    if (gateway) await dropKeys(gateway.redis, gateway.dropPattern);
    const before = gateway ? await readCounters(gateway.redis) : undefined;
    await waitForQuiet(settings);
    const cpuBefore = cpuSnapshot(settings.serverPids, settings.serverCores);
    runs.push(await runWrk({ ...load, durationSeconds: settings.durationSeconds }));
    cpu.push(cpuShare(cpuBefore, cpuSnapshot(settings.serverPids, settings.serverCores)));
    if (gateway && before) deltas.push(counterDelta(before, await readCounters(gateway.redis)));
  }
  const result: ScenarioResult = {
    id: scenario.id,
    label: scenario.label,
    url: scenario.url,
    probeIssues,
    runs,
    cpu,
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.latencyMs.p50)),
    p99Ms: median(runs.map((r) => r.latencyMs.p99)),
    errorStatuses: runs.reduce((sum, r) => sum + r.errorStatuses, 0),
    socketErrors: runs.reduce(
      (sum, r) => sum + Object.values(r.socketErrors).reduce((a, b) => a + b, 0),
      0,
    ),
  };
  if (gateway) {
    const requests = runs.reduce((sum, r) => sum + r.requests, 0);
    const byCommand: Record<string, number> = {};
    for (const delta of deltas) {
      for (const [name, calls] of Object.entries(delta.calls))
        byCommand[name] = (byCommand[name] ?? 0) + calls / requests;
    }
    result.redis = {
      callsPerRequest: deltas.reduce((sum, d) => sum + totalCalls(d), 0) / requests,
      byCommand,
    };
    result.gatewayRssMb = treeRssMb(gateway.pid);
    await dropKeys(gateway.redis, gateway.dropPattern);
  }
  return result;
}

/**
 * Round trips per request, measured where they can be told apart: one request in flight at a time, so each
 * round trip the gateway makes is one read event on the Redis server (background work amortises away).
 */
export async function measureRoundTrips(
  scenario: Scenario,
  redis: Redis,
  requests = 1000,
): Promise<number> {
  const before = await readCounters(redis);
  for (let i = 0; i < requests; i++) {
    const response = await fetch(scenario.url, { headers: scenario.headers });
    await response.arrayBuffer();
  }
  return counterDelta(before, await readCounters(redis)).reads / requests;
}

/** Before a timed run: give other work on the server core a chance to finish (shared machines). */
export async function waitForQuiet(settings: LoadSettings): Promise<void> {
  if (settings.quietWaitSeconds === 0) return;
  const { serverPids, serverCores, quietWaitSeconds } = settings;
  await waitForQuietCores(serverPids, serverCores, DISTURBED_PERCENT, quietWaitSeconds * 1000);
}

/** What makes a row's numbers wrong or suspect, for the report's Issues. */
export function scenarioIssues(result: ScenarioResult): string[] {
  const name = `${result.id} ${result.label}`;
  const issues = result.probeIssues.map((issue) => `${name}: ${issue}`);
  if (result.errorStatuses + result.socketErrors > 0) {
    issues.push(
      `${name}: ${result.errorStatuses} error statuses, ${result.socketErrors} socket errors under load`,
    );
  }
  const others = median(result.cpu.map((c) => c.othersPercent));
  if (others > DISTURBED_PERCENT) {
    issues.push(
      `${name}: other work took ${others.toFixed(0)}% of the server core during the runs`,
    );
  }
  return issues;
}
