// `npm run bench`: nginx, a naive Node proxy and Turnpike side by side on one core, loaded from the other.
import { cpus, loadavg } from 'node:os';
import { redisKeys } from '@turnpike/common';
import { ROOT } from '../lib/stores';
import { parseCpuList } from './cpu';
import {
  measureRoundTrips,
  measureScenario,
  scenarioIssues,
  type LoadSettings,
  type ScenarioResult,
} from './measure';
import { readOptions, type BenchOptions } from './options';
import { measurePaced } from './paced';
import { stopEverything, wasInterrupted } from './processes';
import { runPumpBenchIfPresent } from './pump-hook';
import {
  computeRatios,
  computeTargets,
  formatReport,
  saveReport,
  type BenchReport,
} from './report';
import { buildScenarios, GATEWAY_IDS } from './scenarios';
import { startStack } from './stack';
import { chooseCores, ensureTools, pinSelf, type Cores } from './tools';

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  ensureTools();
  const cores = chooseCores(process.env);
  pinSelf(cores.load);
  const loadAverageBefore = loadavg();
  const stack = await startStack(
    cores.server,
    options.only.some((id) => GATEWAY_IDS.includes(id)),
  );
  const { gateway, redis, issues } = stack;
  const scenarios = buildScenarios({
    ...stack.nginxPorts,
    naive: stack.naivePort,
    gateway: gateway && { port: gateway.port, credentials: gateway.credentials },
  }).filter((s) => options.only.includes(s.id));
  const settings: LoadSettings = {
    ...options,
    loadCpus: cores.load,
    serverPids: stack.serverPids,
    serverCores: parseCpuList(cores.server),
  };
  const watch = gateway && {
    pid: gateway.child.pid!,
    redis: redis.client,
    dropPattern: `${redisKeys(gateway.redisPrefix).bullPrefix}:*`,
  };

  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const { warmupSeconds, runs, durationSeconds } = options;
    console.log(
      `bench: ${scenario.id} ${scenario.label}: ${warmupSeconds} s warm-up, ${runs} x ${durationSeconds} s`,
    );
    const result = await measureScenario(scenario, settings, scenario.gateway ? watch : undefined);
    if (result.redis)
      result.redis.roundTripsPerRequest = await measureRoundTrips(scenario, redis.client);
    issues.push(...scenarioIssues(result));
    results.push(result);
    console.log(
      `bench: ${scenario.id} ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms`,
    );
  }

  const nginxProxy = results.find((r) => r.id === 'B');
  const paced =
    options.pacedSeconds > 0 && nginxProxy
      ? await measurePaced(
          scenarios,
          Math.round(nginxProxy.requestsPerSecond * options.pacedFraction),
          options.pacedSeconds,
          settings,
          issues,
          Object.fromEntries(results.map((r) => [r.id, r.requestsPerSecond])),
        )
      : null;
  if (gateway && gateway.child.exitCode !== null) {
    issues.push(`the gateway exited during the bench:\n${gateway.output()}`);
  }

  const partial: Omit<BenchReport, 'targets'> = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    settings: reportSettings(options, cores),
    scenarios: results,
    skipped: stack.skipped,
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
  for (const path of saveReport(ROOT, report, pump ? `${text}${pump.text}` : text)) {
    console.log(`bench: saved ${path}`);
  }
}

function reportSettings(options: BenchOptions, cores: Cores): BenchReport['settings'] {
  return {
    wrk: `wrk -t${options.threads} -c${options.connections} --latency`,
    runs: options.runs,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    serverCpus: cores.server,
    loadCpus: cores.load,
  };
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
