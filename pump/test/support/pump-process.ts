// Runs the pump as a real child process (`node --import tsx pump/src/main.ts`), as production does.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/lib/stores';

export interface PumpProcess {
  child: ChildProcess;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  /** Resolves once it logs that it is consuming the queue. */
  consuming: Promise<void>;
  /** Sends `signal` and resolves with the exit code or signal once it is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

export function spawnPump(env: Record<string, string>): PumpProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'pump', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PUMP_CONCURRENCY: '4', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let consumingSeen: () => void = () => undefined;
  const consuming = new Promise<void>((resolve, reject) => {
    consumingSeen = resolve;
    child.once('exit', (code, signal) =>
      reject(new Error(`pump exited (${signal ?? code}) before consuming:\n${output}`)),
    );
  });
  consuming.catch(() => undefined);
  for (const stream of [child.stdout, child.stderr]) {
    stream!.setEncoding('utf8');
    stream!.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('pump: consuming ')) consumingSeen();
    });
  }
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return {
    child,
    output: () => output,
    consuming,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
