// The bench's answer: the table, ratios and targets as text, and the same data as JSON in bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from './measure';
import type { ScenarioId } from './options';
import type { PacedResult } from './paced-load';

export interface PacedRow {
  id: ScenarioId;
  label: string;
  result: PacedResult;
}

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
  paced: { rate: number; durationSeconds: number; rows: PacedRow[] } | null;
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

export function formatReport(report: BenchReport): string {
  const { settings, machine } = report;
  const out: string[] = [];
  out.push(`Turnpike gateway bench, ${report.date}`);
  out.push(
    `${machine.cpus} cores (${machine.model}); server under test on cpu ${settings.serverCpus}, load on cpu ${settings.loadCpus}; ` +
      `load average before ${machine.loadAverageBefore.map((n) => n.toFixed(2)).join(' ')}, after ${machine.loadAverageAfter.map((n) => n.toFixed(2)).join(' ')}`,
  );
  out.push(
    `${settings.wrk}; warm-up ${settings.warmupSeconds} s, then ${settings.runs} x ${settings.durationSeconds} s, median shown; 1 KB body`,
  );
  out.push('');
  out.push(
    table(
      [
        '',
        'scenario',
        'req/s',
        'p50 ms',
        'p99 ms',
        'non-2xx',
        'sock err',
        'redis cmd/req',
        'redis rt/req',
        'gw RSS MB',
      ],
      [
        ...report.scenarios.map((s) => [
          s.id,
          s.label,
          int(s.requestsPerSecond),
          num(s.p50Ms),
          num(s.p99Ms),
          String(s.errorStatuses),
          String(s.socketErrors),
          num(s.redis?.callsPerRequest),
          num(s.redis?.roundTripsPerRequest),
          num(s.gatewayRssMb, 1),
        ]),
        ...report.skipped.map((s) => [
          s.id,
          `(skipped: ${s.reason})`,
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
        ]),
      ],
    ),
  );
  out.push('');
  out.push(
    `ratios: ${Object.entries(report.ratios)
      .map(([name, value]) => `${name} ${num(value)}`)
      .join('   ')}`,
  );
  out.push(
    'non-2xx: wrk counts responses with status >= 400; redis cmd/req counts commands inside Lua scripts too;',
  );
  out.push('redis rt/req: server read events per request with one request in flight at a time');
  if (report.paced) {
    const { paced } = report;
    out.push('');
    out.push(
      `Fixed rate ${int(paced.rate)} req/s (half of B), ${paced.durationSeconds} s after a warm-up; latency from the scheduled send time`,
    );
    out.push(
      table(
        [
          '',
          'scenario',
          'achieved req/s',
          'p50 ms',
          'p90 ms',
          'p99 ms',
          'p99.9 ms',
          'max ms',
          'service p99 ms',
          'non-2xx',
          'sock err',
        ],
        paced.rows.map(({ id, label, result }) => [
          id,
          label,
          int(result.achievedRate),
          num(result.latencyMs.p50),
          num(result.latencyMs.p90),
          num(result.latencyMs.p99),
          num(result.latencyMs.p999),
          num(result.latencyMs.max),
          num(result.serviceLatencyMs.p99),
          String(result.non2xx),
          String(result.socketErrors),
        ]),
      ),
    );
  }
  out.push('');
  out.push('Targets');
  out.push(
    table(
      ['target', 'measured', 'goal', 'result'],
      report.targets.map((t) => [
        t.name,
        num(t.value),
        t.goal,
        t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL',
      ]),
      1,
    ),
  );
  if (report.issues.length > 0) {
    out.push('');
    out.push('Issues');
    for (const issue of report.issues) out.push(`- ${issue}`);
  }
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
