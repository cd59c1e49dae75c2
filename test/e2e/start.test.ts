// `npm start` end to end: the real start script brings up its own FerretDB, the gateway, the pump and the
// dashboard on free ports, they answer, and SIGTERM leaves no process and no open port behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BANNER_END, READY_LINE } from '../../scripts/lib/banner';
import { analyticsWorkerProbe } from '../../scripts/lib/readiness';
import { freePort, portOpen, ROOT } from '../../scripts/lib/stores';

const START = ['--import', 'tsx', 'scripts/start.ts'];
/** A first run may build the dashboard, on two busy cores. */
const READY_TIMEOUT_MS = 10 * 60_000;

interface Stack {
  launcher: ChildProcess;
  output: string[];
  exit: Promise<number | null>;
  ports: Record<string, number>;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
}

let stack: Stack;

/** The environment of the test run minus anything that would point the stack at other stores. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(GATEWAY_|DASHBOARD_|TURNPIKE_|MONGODB_URL|REDIS_URL)/.test(name)) delete env[name];
  }
  return env;
}

async function startStack(): Promise<Stack> {
  const ports = {
    GATEWAY_PORT: await freePort(),
    GATEWAY_CONTROL_PORT: await freePort(),
    GATEWAY_INTERNAL_PORT: await freePort(),
    DASHBOARD_PORT: await freePort(),
    TURNPIKE_FERRETDB_PORT: await freePort(),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'turnpike-e2e-'));
  const redisUrl = inject('redisUrl');
  const redisPrefix = `e2e_${randomBytes(4).toString('hex')}:`;
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    TURNPIKE_DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    TURNPIKE_REDIS_PREFIX: redisPrefix,
    GATEWAY_WORKERS: '1',
  };
  // Its own group, so that whatever happens the test can still clean up after it.
  const launcher = spawn(process.execPath, START, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exit = new Promise<number | null>((resolve) =>
    launcher.once('exit', (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no banner in time:\n${output.join('')}`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      // The banner comes in several writes: wait for its last line, not its first.
      if (output.join('').includes(BANNER_END)) {
        clearTimeout(timer);
        resolve();
      }
    };
    launcher.stdout!.on('data', onData);
    launcher.stderr!.on('data', onData);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`the start script exited with ${code} before it was ready:\n${output.join('')}`),
      );
    });
  });
  return { launcher, output, exit, ports, redisUrl, redisPrefix, dataDir };
}

/** Every live descendant of pid, by walking parent links in /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

describe('npm start', () => {
  beforeAll(async () => {
    stack = await startStack();
  }, READY_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    if (!stack) return;
    if (running(stack.launcher.pid!)) {
      // A failed test left it up: take everything down hard.
      for (const pid of [stack.launcher.pid!, ...descendants(stack.launcher.pid!)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(stack.dataDir, { recursive: true, force: true });
  }, 60_000);

  it('prints a banner with both URLs, the start time and the first-run admin credentials', () => {
    const text = stack.output.join('');
    expect(text).toContain(`http://localhost:${stack.ports.DASHBOARD_PORT}`);
    expect(text).toContain(`http://localhost:${stack.ports.GATEWAY_PORT}`);
    expect(text).toMatch(/started in \d+\.\d s/);
    const banner = text.slice(text.indexOf(READY_LINE));
    expect(banner).toMatch(/admin.*@/i);
    for (const name of ['gateway', 'dashboard', 'ferretdb']) expect(text).toContain(`${name} |`);
    expect(existsSync(join(stack.dataDir, 'gateway-secret'))).toBe(true);
  });

  it('started a FerretDB of its own on the port it was given, with data in the data dir', () => {
    const ferret = descendants(stack.launcher.pid!).filter((pid) =>
      commandLine(pid).includes('ferretdb'),
    );
    expect(ferret).toHaveLength(1);
    expect(commandLine(ferret[0]!)).toContain(`127.0.0.1:${stack.ports.TURNPIKE_FERRETDB_PORT}`);
    expect(existsSync(join(stack.dataDir, 'ferretdb'))).toBe(true);
  });

  it('has the gateway alive and ready on its control port', async () => {
    const control = `http://127.0.0.1:${stack.ports.GATEWAY_CONTROL_PORT}`;
    expect((await fetch(`${control}/health`)).status).toBe(200);
    expect((await fetch(`${control}/ready`)).status).toBe(200);
  });

  it('has the gateway data plane answering 404 route.not_found for a path no API serves', async () => {
    const response = await fetch(
      `http://127.0.0.1:${stack.ports.GATEWAY_PORT}/no-such-api-${Date.now()}/x`,
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('route.not_found');
  });

  it('has the dashboard healthy and serving a login page', async () => {
    const dashboard = `http://127.0.0.1:${stack.ports.DASHBOARD_PORT}`;
    expect((await fetch(`${dashboard}/api/health`)).status).toBe(200);
    const login = await fetch(`${dashboard}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/type="password"/);
  });

  it('has the pump consuming the analytics queue', async () => {
    const probe = analyticsWorkerProbe(stack.redisUrl, stack.redisPrefix);
    try {
      expect(await probe.ready()).toBe(true);
    } finally {
      await probe.close();
    }
  });

  it('stops every process it started on SIGTERM and closes every port', async () => {
    const launcherPid = stack.launcher.pid!;
    const pids = [launcherPid, ...descendants(launcherPid)];
    // The gateway, the pump, next and FerretDB at least, besides the launcher itself.
    expect(pids.length).toBeGreaterThanOrEqual(5);
    process.kill(launcherPid, 'SIGTERM');
    expect(await stack.exit).toBe(0);
    const leftovers = pids.filter(running).map((pid) => `${pid} ${commandLine(pid)}`);
    expect(leftovers).toEqual([]);
    for (const [name, port] of Object.entries(stack.ports)) {
      expect(await portOpen(port), `${name} ${port}`).toBe(false);
    }
    expect(stack.output.join('')).toMatch(/stopped/);
  }, 60_000);
});

describe('a bad variable', () => {
  it('stops the start script at once with one line naming it, and no stack trace', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'turnpike-e2e-bad-'));
    try {
      const result = spawnSync(process.execPath, START, {
        cwd: ROOT,
        env: { ...cleanEnv(), TURNPIKE_DATA_DIR: dataDir, GATEWAY_PORT: 'abc' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^turnpike: configuration error: GATEWAY_PORT: .*"abc"/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
