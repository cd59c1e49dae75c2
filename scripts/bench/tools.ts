// The outside tools the bench drives (nginx, wrk, redis-server, taskset), installed from Debian when missing.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs the Debian packages behind missing commands; needs root, and says so when it is not. */
export function ensureTools(): void {
  const wanted: Record<string, string> = {
    nginx: 'nginx',
    wrk: 'wrk',
    'redis-server': 'redis-server',
    taskset: 'util-linux',
  };
  const missing = Object.entries(wanted).filter(([command]) => !onPath(command));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map(([, pkg]) => pkg))];
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing ${missing.map(([c]) => c).join(', ')}: run "apt-get install -y ${packages.join(' ')}" as root`,
    );
  }
  console.log(`bench: installing ${packages.join(', ')} with apt-get (running as root)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'inherit', env });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    install = spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'inherit', env });
  }
  if (install.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
}

export interface Cores {
  /** Where nginx, Redis and the gateway run. */
  server: string;
  /** Where the load generator runs, alone. */
  load: string;
}

/** Core 0 for everything under test and core 1 for the load, unless BENCH_SERVER_CPUS / BENCH_LOAD_CPUS say otherwise. */
export function chooseCores(env: NodeJS.ProcessEnv): Cores {
  const count = cpus().length;
  if (count < 2 && !env.BENCH_SERVER_CPUS) {
    throw new Error(
      'the bench pins the server and the load generator to separate cores and needs at least 2',
    );
  }
  return { server: env.BENCH_SERVER_CPUS || '0', load: env.BENCH_LOAD_CPUS || '1' };
}

/** `taskset -c <cpus> command args…`: the pinned process keeps the command's pid. */
export function pinned(
  cpuList: string,
  command: string,
  args: readonly string[],
): [string, string[]] {
  return ['taskset', ['-c', cpuList, command, ...args]];
}

/** Moves this process (the orchestrator, idle during runs) onto the load core, off the server's. */
export function pinSelf(cpuList: string): void {
  spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(process.pid)], { stdio: 'ignore' });
}
