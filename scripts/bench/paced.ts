// Starts the fixed-rate load generator as its own process on the load core and reads back its result.
import { join } from 'node:path';
import type { PacedLoad, PacedResult } from './paced-load';
import { captureOutput, startProcess } from './processes';
import { pinned } from './tools';

const PACED_LOAD = join(import.meta.dirname, 'paced-load.ts');

export async function runPaced(load: PacedLoad, cpuList: string): Promise<PacedResult> {
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
  if (code !== 0 || !line.startsWith('{'))
    throw new Error(`paced load exited with ${code}:\n${stdout}\n${stderr()}`);
  return JSON.parse(line) as PacedResult;
}
