// Runs the services as one group: each in a process group of its own, output tagged, stopped together.
import type { ChildProcess } from 'node:child_process';
import { eachLine, tagged, type LineSink } from './output';
import { spawnGroup, stopGroup } from './process-group';

export interface ServiceProcess {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Sees every output line too (the launcher picks out the dashboard's first-run credentials). */
  onLine?: LineSink;
}

/** How long a service may drain after SIGTERM before its group gets SIGKILL. */
export const STOP_GRACE_MS = 10_000;

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  /** `onDeath` hears of a service that ended while nobody asked it to. */
  constructor(private readonly onDeath: (name: string, how: string) => void) {}

  start(service: ServiceProcess): ChildProcess {
    const child = spawnGroup(service.command, service.args, { cwd: service.cwd, env: service.env });
    const out = tagged(service.name, 'stdout');
    const err = tagged(service.name, 'stderr');
    eachLine(child.stdout, (line) => {
      out(line);
      service.onLine?.(line);
    });
    eachLine(child.stderr, (line) => {
      err(line);
      service.onLine?.(line);
    });
    child.once('error', (error) => {
      if (!this.stopping) this.onDeath(service.name, `could not be started (${error.message})`);
    });
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.onDeath(service.name, describeExit(code, signal));
    });
    this.children.set(service.name, child);
    return child;
  }

  pids(): Map<string, number> {
    const pids = new Map<string, number>();
    for (const [name, child] of this.children)
      if (child.pid !== undefined) pids.set(name, child.pid);
    return pids;
  }

  /** Stops every service at once: SIGTERM to each group, SIGKILL after the grace period. */
  async stopAll(graceMs = STOP_GRACE_MS): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.pids().values()].map((pgid) => stopGroup(pgid, graceMs)));
  }
}
