// Runs the analytics engineer's pump benchmark (scripts/bench/pump.ts) after the gateway's, when it exists.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const PUMP_BENCH = join(import.meta.dirname, 'pump.ts');

export async function runPumpBenchIfPresent(): Promise<unknown> {
  if (!existsSync(PUMP_BENCH)) return undefined;
  const module = (await import(pathToFileURL(PUMP_BENCH).href)) as Record<string, unknown>;
  const run = module.runPumpBench ?? module.default;
  if (typeof run !== 'function') {
    console.log('bench: scripts/bench/pump.ts exports no runPumpBench function; skipped');
    return undefined;
  }
  console.log('bench: pump benchmark (scripts/bench/pump.ts)');
  try {
    return await (run as () => Promise<unknown>)();
  } catch (error) {
    console.error(`bench: the pump benchmark failed: ${(error as Error).message}`);
    return { error: (error as Error).message };
  }
}
