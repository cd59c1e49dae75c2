// The bench's answer: the table, ratios and targets as text, and the same data as JSON in bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from './measure';
import { median } from './stats';
import type { ScenarioId } from './options';
import type { PacedComparison, PacedRow } from './paced';

export interface Target {
  name: string;
  value: number | null;
  goal: string;
  pass: boolean | null;
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; model: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  settings: {
    wrk: string;
    runs: number;
    durationSeconds: number;
    warmupSeconds: number;
    serverCpus: string;
    loadCpus: string;
  };
  scenarios: ScenarioResult[];
  skipped: { id: ScenarioId; reason: string }[];
  ratios: Record<string, number | null>;
  paced: PacedComparison | null;
  targets: Target[];
  issues: string[];
  pump?: unknown;
}

function row(report: Pick<BenchReport, 'scenarios'>, id: ScenarioId): ScenarioResult | undefined {
  return report.scenarios.find((s) => s.id === id);
}

function ratio(a: ScenarioResult | undefined, b: ScenarioResult | undefined): number | null {
  return a && b && b.requestsPerSecond > 0 ? a.requestsPerSecond / b.requestsPerSecond : null;
}

export function computeRatios(scenarios: ScenarioResult[]): Record<string, number | null> {
  const get = (id: ScenarioId) => row({ scenarios }, id);
  return {
    'C/B': ratio(get('C'), get('B')),
    'D/C': ratio(get('D'), get('C')),
    'E/C': ratio(get('E'), get('C')),
    'F/C': ratio(get('F'), get('C')),
    'N/B': ratio(get('N'), get('B')),
  };
}

export function computeTargets(report: Omit<BenchReport, 'targets'>): Target[] {
  const atLeast = (name: string, value: number | null, min: number): Target => ({
    name,
    value,
    goal: `>= ${min}`,
    pass: value === null ? null : value >= min,
  });
  const keyed = row(report, 'D')?.redis?.roundTripsPerRequest ?? null;
  const pacedP99 = (id: ScenarioId) =>
    report.paced?.rows.find((r) => r.id === id)?.result.latencyMs.p99;
  const nginxP99 = pacedP99('B');
  const gatewayP99 = pacedP99('C');
  const p99Gap = nginxP99 !== undefined && gatewayP99 !== undefined ? gatewayP99 - nginxP99 : null;
  const errors = report.scenarios.reduce((sum, s) => sum + s.errorStatuses + s.socketErrors, 0);
  return [
    atLeast('C/B req/s (Turnpike keyless vs nginx proxy)', report.ratios['C/B'] ?? null, 0.6),
    atLeast('D/C req/s (key + rate limit + quota vs keyless)', report.ratios['D/C'] ?? null, 0.85),
    {
      name: 'Redis round trips per keyed request (D)',
      value: keyed,
      goal: '<= 1',
      pass: keyed === null ? null : keyed <= 1.05,
    },
    {
      name: 'p99 at fixed rate: Turnpike (C) minus nginx proxy (B), ms',
      value: p99Gap,
      goal: '<= 2',
      pass: p99Gap === null ? null : p99Gap <= 2,
    },
    {
      name: 'error statuses + socket errors, all rows',
      value: errors,
      goal: '= 0',
      pass: errors === 0,
    },
  ];
}

const num = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
const int = (value: number): string => Math.round(value).toLocaleString('en-US');

function table(headers: string[], rows: string[][], leftColumns = 2): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

type Column<Row> = [header: string, cell: (row: Row) => string];

function columns<Row>(spec: Column<Row>[], rows: Row[], leftColumns = 2): string {
  return table(
    spec.map(([header]) => header),
    rows.map((row) => spec.map(([, cell]) => cell(row))),
    leftColumns,
  );
}

const loadColumns: Column<ScenarioResult>[] = [
  ['', (s) => s.id],
  ['scenario', (s) => s.label],
  ['req/s', (s) => int(s.requestsPerSecond)],
  ['p50 ms', (s) => num(s.p50Ms)],
  ['p99 ms', (s) => num(s.p99Ms)],
  ['non-2xx', (s) => String(s.errorStatuses)],
  ['sock err', (s) => String(s.socketErrors)],
  ['redis cmd/req', (s) => num(s.redis?.callsPerRequest)],
  ['redis rt/req', (s) => num(s.redis?.roundTripsPerRequest)],
  ['gw RSS MB', (s) => num(s.gatewayRssMb, 1)],
  ['srv cpu %', (s) => num(median(s.cpu.map((c) => c.serverPercent)), 0)],
  ['other cpu %', (s) => num(median(s.cpu.map((c) => c.othersPercent)), 0)],
];

const pacedColumns: Column<PacedRow>[] = [
  ['', (r) => r.id],
  ['scenario', (r) => r.label],
  ['achieved req/s', (r) => int(r.result.achievedRate)],
  ['p50 ms', (r) => num(r.result.latencyMs.p50)],
  ['p90 ms', (r) => num(r.result.latencyMs.p90)],
  ['p99 ms', (r) => num(r.result.latencyMs.p99)],
  ['p99.9 ms', (r) => num(r.result.latencyMs.p999)],
  ['max ms', (r) => num(r.result.latencyMs.max)],
  ['service p99 ms', (r) => num(r.result.serviceLatencyMs.p99)],
  ['non-2xx', (r) => String(r.result.non2xx)],
  ['sock err', (r) => String(r.result.socketErrors)],
  ['srv cpu %', (r) => num(r.cpu.serverPercent, 0)],
  ['other cpu %', (r) => num(r.cpu.othersPercent, 0)],
];

const targetColumns: Column<Target>[] = [
  ['target', (t) => t.name],
  ['measured', (t) => num(t.value)],
  ['goal', (t) => t.goal],
  ['result', (t) => (t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL')],
];

export function formatReport(report: BenchReport): string {
  const { settings, machine, paced } = report;
  const loads = (values: number[]) => values.map((n) => n.toFixed(2)).join(' ');
  const out = [
    `Turnpike gateway bench, ${report.date}`,
    `${machine.cpus} cores (${machine.model}); under test on cpu ${settings.serverCpus}, load on cpu ${settings.loadCpus}; ` +
      `load average before ${loads(machine.loadAverageBefore)}, after ${loads(machine.loadAverageAfter)}`,
    `${settings.wrk}; warm-up ${settings.warmupSeconds} s, then ${settings.runs} x ${settings.durationSeconds} s, median shown; 1 KB body`,
    '',
    columns(loadColumns, report.scenarios),
    ...report.skipped.map((s) => `${s.id}  (skipped: ${s.reason})`),
    '',
    `ratios: ${Object.entries(report.ratios)
      .map(([name, value]) => `${name} ${num(value)}`)
      .join('   ')}`,
    'non-2xx: wrk counts statuses >= 400. redis cmd/req: INFO commandstats, commands inside Lua scripts included.',
    'redis rt/req: Redis read events per request, one request in flight at a time.',
    'srv cpu %: CPU of everything under test (nginx, proxies, Redis, gateway); other cpu %: what other work took of that core.',
  ];
  if (paced) {
    out.push(
      '',
      `Fixed rate ${int(paced.rate)} req/s (half of B), ${paced.durationSeconds} s after a warm-up; latency from the scheduled send time`,
      columns(pacedColumns, paced.rows),
    );
  }
  out.push('', 'Targets', columns(targetColumns, report.targets, 1));
  if (report.issues.length > 0)
    out.push('', 'Issues', ...report.issues.map((issue) => `- ${issue}`));
  return out.join('\n') + '\n';
}

/** Writes bench-results/gateway-<date>.json and .txt; returns the two paths. */
export function saveReport(root: string, report: BenchReport, text: string): string[] {
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  const json = join(dir, `gateway-${stamp}.json`);
  const txt = join(dir, `gateway-${stamp}.txt`);
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(txt, text);
  return [json, txt];
}
