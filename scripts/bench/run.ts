// `npm run bench`: nginx, a naive Node proxy and Turnpike side by side on one core, loaded from the other.
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { redisKeys } from '@turnpike/common';
import { freePort, ROOT, waitForPort } from '../lib/stores';
import { cpuShare, cpuSnapshot, parseCpuList } from './cpu';
import { GATEWAY_IDS, buildScenarios, type Scenario } from './scenarios';
import { gatewayExists, startGateway, type Gateway } from './gateway';
import {
  measureRoundTrips,
  measureScenario,
  type LoadSettings,
  type ScenarioResult,
} from './measure';
import { startNginx } from './nginx';
import { readOptions, type BenchOptions, type ScenarioId } from './options';
import { runPaced } from './paced';
import { median } from './stats';
import { wasInterrupted, makeTempDir, startProcess, stopEverything } from './processes';
import { runPumpBenchIfPresent } from './pump-hook';
import { startRedis } from './redis';
import {
  computeRatios,
  computeTargets,
  formatReport,
  saveReport,
  type BenchReport,
  type PacedRow,
} from './report';
import { chooseCores, ensureTools, pinSelf, pinned, type Cores } from './tools';

/** Other work taking more than this share of the server core makes a row's numbers suspect. */
const DISTURBED_PERCENT = 10;
const PACED_IDS: readonly ScenarioId[] = ['B', 'N', 'C', 'D'];

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  ensureTools();
  const cores = chooseCores(process.env);
  pinSelf(cores.load);
  const loadAverageBefore = loadavg();
  if (loadAverageBefore[0]! > 0.5) {
    console.log(
      `bench: load average is ${loadAverageBefore[0]!.toFixed(2)}: other work on this machine will skew the numbers`,
    );
  }
  const dir = makeTempDir('run');
  const issues: string[] = [];
  const skipped: BenchReport['skipped'] = [];

  const nginxPorts = { origin: await freePort(), proxy: await freePort() };
  const nginx = await startNginx(nginxPorts, cores.server);
  const origin = `http://127.0.0.1:${nginxPorts.origin}`;
  const naive = await startNaiveProxy(origin, cores);
  const redis = await startRedis(dir, await freePort(), cores.server);

  let gateway: Gateway | undefined;
  const wantsGateway = options.only.some((id) => GATEWAY_IDS.includes(id));
  if (wantsGateway && !gatewayExists()) {
    for (const id of GATEWAY_IDS)
      skipped.push({ id, reason: 'gateway/src/main.ts does not exist yet' });
  } else if (wantsGateway) {
    try {
      gateway = await startGateway({
        dir,
        upstreamUrl: origin,
        redisUrl: redis.url,
        cpuList: cores.server,
      });
    } catch (error) {
      const reason = (error as Error).message;
      issues.push(`the gateway did not start: ${reason}`);
      for (const id of GATEWAY_IDS)
        skipped.push({ id, reason: 'the gateway did not start (see Issues)' });
    }
  }

  const scenarios = buildScenarios({
    ...nginxPorts,
    naive: naive.port,
    gateway: gateway && { port: gateway.port, credentials: gateway.credentials },
  }).filter((s) => options.only.includes(s.id));
  const settings: LoadSettings = {
    ...options,
    loadCpus: cores.load,
    serverPids: [nginx.child, naive.child, redis.child, gateway?.child].flatMap((c) =>
      c?.pid ? [c.pid] : [],
    ),
    serverCores: parseCpuList(cores.server),
  };
  const watch = gateway && {
    pid: gateway.child.pid!,
    redis: redis.client,
    dropPattern: `${redisKeys(gateway.redisPrefix).bullPrefix}:*`,
  };

  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    console.log(
      `bench: ${scenario.id} ${scenario.label}: ${options.warmupSeconds} s warm-up, ${options.runs} x ${options.durationSeconds} s`,
    );
    const result = await measureScenario(scenario, settings, scenario.gateway ? watch : undefined);
    if (scenario.gateway && result.redis)
      result.redis.roundTripsPerRequest = await measureRoundTrips(scenario, redis.client);
    for (const issue of result.probeIssues)
      issues.push(`${scenario.id} ${scenario.label}: ${issue}`);
    if (result.errorStatuses + result.socketErrors > 0) {
      issues.push(
        `${scenario.id} ${scenario.label}: ${result.errorStatuses} error statuses, ${result.socketErrors} socket errors under load`,
      );
    }
    const others = median(result.cpu.map((c) => c.othersPercent));
    if (others > DISTURBED_PERCENT) {
      issues.push(
        `${scenario.id} ${scenario.label}: other work took ${others.toFixed(0)}% of the server core during the runs`,
      );
    }
    results.push(result);
    console.log(
      `bench: ${scenario.id} ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms`,
    );
  }

  const paced = await runPacedRows(options, settings, scenarios, results);
  if (gateway && gateway.child.exitCode !== null)
    issues.push(`the gateway exited during the bench:\n${gateway.output()}`);

  const partial: Omit<BenchReport, 'targets'> = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    settings: {
      wrk: `wrk -t${options.threads} -c${options.connections} --latency`,
      runs: options.runs,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      serverCpus: cores.server,
      loadCpus: cores.load,
    },
    scenarios: results,
    skipped,
    ratios: computeRatios(results),
    paced,
    issues,
  };
  const report: BenchReport = { ...partial, targets: computeTargets(partial) };
  await stopEverything();
  const text = formatReport(report);
  console.log('\n' + text);
  saveReport(ROOT, report, text);
  // The gateway's table is saved first: the pump's bench takes minutes and may be interrupted.
  const pump = options.skipPump ? undefined : await runPumpBenchIfPresent();
  if (pump) report.pump = pump.result;
  for (const path of saveReport(ROOT, report, pump ? `${text}${pump.text}` : text))
    console.log(`bench: saved ${path}`);
}

async function startNaiveProxy(
  origin: string,
  cores: Cores,
): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const script = join(import.meta.dirname, 'naive-proxy.ts');
  const [command, args] = pinned(cores.server, process.execPath, [
    '--import',
    'tsx',
    script,
    String(port),
    origin,
  ]);
  const child = startProcess(command, args, { cwd: ROOT });
  await waitForPort(port, 30_000, 'the naive node proxy', child);
  return { port, child };
}

/** Fixed-rate runs at a fraction of B's measured req/s, for the latency comparison at moderate load. */
async function runPacedRows(
  options: BenchOptions,
  settings: LoadSettings,
  scenarios: Scenario[],
  results: ScenarioResult[],
): Promise<BenchReport['paced']> {
  const nginxProxy = results.find((r) => r.id === 'B');
  if (options.pacedSeconds === 0 || !nginxProxy) return null;
  const rate = Math.round(nginxProxy.requestsPerSecond * options.pacedFraction);
  const rows: PacedRow[] = [];
  for (const scenario of scenarios.filter((s) => PACED_IDS.includes(s.id))) {
    console.log(`bench: ${scenario.id} at a fixed ${rate} req/s for ${options.pacedSeconds} s`);
    const cpuBefore = cpuSnapshot(settings.serverPids, settings.serverCores);
    const result = await runPaced(
      {
        url: scenario.url,
        headers: scenario.headers,
        rate,
        durationSeconds: options.pacedSeconds,
        warmupSeconds: Math.min(3, options.warmupSeconds),
        connections: options.connections,
      },
      settings.loadCpus,
    );
    const cpu = cpuShare(cpuBefore, cpuSnapshot(settings.serverPids, settings.serverCores));
    rows.push({ id: scenario.id, label: scenario.label, result, cpu });
  }
  return { rate, durationSeconds: options.pacedSeconds, rows };
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    // Interrupted: the signal handler is already stopping everything and will exit.
    if (wasInterrupted()) return;
    console.error(`bench: ${(error as Error)?.message ?? String(error)}`);
    await stopEverything();
    process.exit(1);
  },
);
