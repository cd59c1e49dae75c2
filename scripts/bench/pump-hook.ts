// Runs the analytics engineer's pump benchmark (scripts/bench/pump.ts, runPumpBench) after the gateway's.
// It runs in a child process group of its own, so an interrupted bench also stops the FerretDB and pump
// it starts; the child prints its report's JSON on a last line marked RESULT_MARK.
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib/stores';
import { makeTempDir, startProcess } from './processes';

const PUMP_BENCH = join(import.meta.dirname, 'pump.ts');
const RESULT_MARK = 'PUMP_BENCH_RESULT ';

export interface PumpOutcome {
  /** runPumpBench's report, or the reason there is none. */
  result: unknown;
  /** What it printed, for the text report. */
  text: string;
}

export async function runPumpBenchIfPresent(): Promise<PumpOutcome | undefined> {
  if (!existsSync(PUMP_BENCH)) return undefined;
  console.log('bench: pump benchmark (scripts/bench/pump.ts)');
  // The pump shares every core, as deployed, not the gateway bench's pinning.
  const allCores = `0-${cpus().length - 1}`;
  const child = startProcess(
    'taskset',
    ['-c', allCores, process.execPath, '--import', 'tsx', import.meta.filename],
    {
      cwd: ROOT,
      // Its temp dirs land inside one of ours, so they go even when the run is interrupted.
      env: { ...process.env, TMPDIR: makeTempDir('pump') },
    },
  );
  let text = '';
  let result: unknown = { error: 'the pump benchmark printed no result' };
  let pending = '';
  child.stderr?.pipe(process.stderr);
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(RESULT_MARK)) {
        result = JSON.parse(line.slice(RESULT_MARK.length));
        continue;
      }
      text += line + '\n';
      console.log(line);
    }
  });
  const code = await new Promise<number | null>((done) =>
    child.once('exit', (exitCode) => done(exitCode)),
  );
  if (code !== 0) result = { error: `the pump benchmark exited with ${code}` };
  return { result, text };
}

if (process.argv[1] === import.meta.filename) {
  const { runPumpBench } = (await import(pathToFileURL(PUMP_BENCH).href)) as {
    runPumpBench: () => Promise<unknown>;
  };
  const report = await runPumpBench();
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(report)}\n`);
  process.exit(0);
}
