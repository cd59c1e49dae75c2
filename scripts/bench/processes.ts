// Every process and temp dir the bench starts, tracked so that none outlives it, even on Ctrl-C.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const cleanups: (() => void)[] = [];
let hooksInstalled = false;
let interrupted = false;

/** True once a signal stopped the bench: a child dying now is expected, not a failure to report. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Runs `cleanup` (closing a client, say) before the processes are stopped. */
export function onStop(cleanup: () => void): void {
  cleanups.push(cleanup);
}

/** Starts a process in its own process group, so stopping it also stops whatever it forked. */
export function startProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  installHooks();
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
    detached: true,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Signals a child's whole process group, then SIGKILLs it if it has not exited within `graceMs`. */
export function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 5000,
): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      // A group member that ignored the signal (a forked worker) must not outlive its parent.
      signalGroup(child, 'SIGKILL');
      done();
    });
    signalGroup(child, signal);
  });
}

export function makeTempDir(label: string): string {
  installHooks();
  const dir = mkdtempSync(join(tmpdir(), `turnpike-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

export async function stopEverything(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all([...children].map((child) => stopProcess(child)));
  removeTempDirs();
}

/** Collects a child's stdout and stderr; the last lines help when it fails to start. */
export function captureOutput(child: ChildProcess, maxChars = 20_000): () => string {
  let text = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      text = (text + chunk).slice(-maxChars);
    });
  }
  return () => text;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function removeTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Last resort when the bench exits without stopping its children: synchronous, so SIGKILL only.
  process.on('exit', () => {
    for (const child of children) signalGroup(child, 'SIGKILL');
    removeTempDirs();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\nbench: ${signal}, stopping everything it started`);
      void stopEverything().finally(() => process.exit(130));
    });
  }
}
