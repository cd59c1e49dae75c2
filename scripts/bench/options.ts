// `npm run bench -- [options]`: how long, how hard and which scenarios, with the defaults the targets assume.
import { parseArgs } from 'node:util';

export const SCENARIO_IDS = ['A', 'B', 'N', 'C', 'D', 'E', 'F'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface BenchOptions {
  runs: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  threads: number;
  pacedSeconds: number;
  /** Fraction of B's measured req/s the fixed-rate runs send. */
  pacedFraction: number;
  only: ScenarioId[];
  skipPump: boolean;
  /** Longest wait, before each run, for other work to leave the server core (shared machines). */
  quietWaitSeconds: number;
}

export const USAGE = `usage: npm run bench -- [--runs 3] [--duration 10] [--warmup 5] [--connections 50] [--threads 1]
                        [--paced 10] [--paced-fraction 0.5] [--only A,B,N,C,D,E,F] [--skip-pump] [--quiet-wait 60]`;

export function readOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      threads: { type: 'string', default: '1' },
      paced: { type: 'string', default: '10' },
      'paced-fraction': { type: 'string', default: '0.5' },
      only: { type: 'string', default: SCENARIO_IDS.join(',') },
      'skip-pump': { type: 'boolean', default: false },
      'quiet-wait': { type: 'string', default: '60' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = values.only.split(',').map((id) => id.trim().toUpperCase());
  const unknown = only.filter((id) => !(SCENARIO_IDS as readonly string[]).includes(id));
  if (unknown.length > 0)
    throw new Error(
      `--only: unknown scenario ${unknown.join(', ')} (known: ${SCENARIO_IDS.join(', ')})`,
    );
  const options: BenchOptions = {
    runs: whole('runs', values.runs, 1, 20),
    durationSeconds: whole('duration', values.duration, 1, 600),
    warmupSeconds: whole('warmup', values.warmup, 0, 600),
    connections: whole('connections', values.connections, 1, 10_000),
    threads: whole('threads', values.threads, 1, 64),
    pacedSeconds: whole('paced', values.paced, 0, 600),
    pacedFraction: Number(values['paced-fraction']),
    only: only as ScenarioId[],
    skipPump: values['skip-pump'],
    quietWaitSeconds: whole('quiet-wait', values['quiet-wait'], 0, 3600),
  };
  if (!(options.pacedFraction > 0 && options.pacedFraction <= 1))
    throw new Error('--paced-fraction: a number in (0, 1]');
  if (options.threads > options.connections) throw new Error('--threads: at most --connections');
  return options;
}

function whole(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new Error(`--${name}: a whole number from ${min} to ${max}`);
  return value;
}
