// The launcher's parts on their own: process groups, the supervisor, output lines, config, the build check.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ConfigError } from '@turnpike/common';
import { afterAll, describe, expect, it } from 'vitest';
import { dashboardBuildReason } from '../../scripts/lib/dashboard-build';
import { readLaunchConfig } from '../../scripts/lib/launch-config';
import { eachLine, tag } from '../../scripts/lib/output';
import { assertPortsFree } from '../../scripts/lib/port-check';
import { groupMembers } from '../../scripts/lib/process-group';
import { Supervisor } from '../../scripts/lib/supervisor';
import { waitUntil } from '../../scripts/lib/readiness';

const scratch = mkdtempSync(join(tmpdir(), 'turnpike-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function service(name: string, script: string, onLine?: (line: string) => void) {
  return { name, command: 'sh', args: ['-c', script], cwd: scratch, env: process.env, onLine };
}

describe('supervisor', () => {
  it('stops a service and every process it forked, with one signal to its group', async () => {
    const deaths: string[] = [];
    const supervisor = new Supervisor((name, how) => deaths.push(`${name} ${how}`));
    // The shell forks two sleeps: a signal to the shell's pid alone would leave them behind.
    const child = supervisor.start(service('forker', 'sleep 300 & sleep 300 & wait'));
    const pgid = child.pid!;
    await waitUntil(async () => groupMembers(pgid).length >= 3, 5_000, 'the sleeps did not start');
    const members = groupMembers(pgid);
    await supervisor.stopAll(5_000);
    expect(groupMembers(pgid)).toEqual([]);
    for (const pid of members) expect(alive(pid)).toBe(false);
    expect(deaths).toEqual([]); // a stop that was asked for is not a death
  });

  it('kills a service that ignores SIGTERM once the grace period is over', async () => {
    const supervisor = new Supervisor(() => undefined);
    const child = supervisor.start(
      service('stubborn', "trap '' TERM; while :; do sleep 0.1; done"),
    );
    await waitUntil(async () => groupMembers(child.pid!).length >= 1, 5_000, 'not started');
    const began = Date.now();
    await supervisor.stopAll(700);
    expect(Date.now() - began).toBeGreaterThanOrEqual(600);
    expect(groupMembers(child.pid!)).toEqual([]);
  });

  it('reports a service that dies by itself, and hands its lines on', async () => {
    const lines: string[] = [];
    let death = '';
    const supervisor = new Supervisor((name, how) => (death = `${name} ${how}`));
    supervisor.start(
      service('crasher', 'echo first; echo second >&2; exit 3', (line) => lines.push(line)),
    );
    await waitUntil(async () => death !== '', 5_000, 'no death reported');
    expect(death).toBe('crasher exited with code 3');
    expect(lines.sort()).toEqual(['first', 'second']);
  });
});

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

describe('output', () => {
  it('splits chunks into whole lines, keeping a last line without a newline', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    eachLine(stream, (line) => lines.push(line));
    stream.write('one\ntw');
    stream.write('o\r\nthree');
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(lines).toEqual(['one', 'two', 'three']);
  });

  it('tags lines with the service name, aligned, coloured only when asked', () => {
    expect(tag('pump', false)).toBe('     pump | ');
    expect(tag('dashboard', false)).toBe('dashboard | ');
    expect(tag('gateway', true)).toBe('\x1b[36m  gateway |\x1b[0m ');
  });
});

describe('launch config', () => {
  const dataDir = join(scratch, 'data');

  it('reads the defaults, makes the data dir absolute and generates the gateway secret', () => {
    const config = readLaunchConfig({ TURNPIKE_DATA_DIR: dataDir }, []);
    expect(config).toMatchObject({
      services: ['gateway', 'pump', 'dashboard'],
      gatewayPort: 8080,
      gatewayControlPort: 8081,
      gatewayInternalPort: 8082,
      dashboardPort: 3000,
      ferretdbPort: 27027,
      redisPrefix: 'tp:',
      dataDir,
      mongodbUrl: undefined,
    });
    expect(
      readFileSync(join(dataDir, 'gateway-secret'), 'utf8').trim().length,
    ).toBeGreaterThanOrEqual(32);
  });

  it.each([
    [{ GATEWAY_PORT: 'abc' }, 'GATEWAY_PORT'],
    [{ DASHBOARD_PORT: '0' }, 'DASHBOARD_PORT'],
    [{ TURNPIKE_FERRETDB_PORT: '70000' }, 'TURNPIKE_FERRETDB_PORT'],
    [{ MONGODB_URL: 'http://x' }, 'MONGODB_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ TURNPIKE_REDIS_PREFIX: 'a b' }, 'TURNPIKE_REDIS_PREFIX'],
    [{ GATEWAY_SECRET: 'short' }, 'GATEWAY_SECRET'],
  ])('refuses %o naming %s', (env, variable) => {
    let caught: unknown;
    try {
      readLaunchConfig({ TURNPIKE_DATA_DIR: dataDir, ...env }, []);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
  });

  it('runs one named service, and refuses an unknown one', () => {
    expect(readLaunchConfig({ TURNPIKE_DATA_DIR: dataDir }, ['pump']).services).toEqual(['pump']);
    expect(() => readLaunchConfig({ TURNPIKE_DATA_DIR: dataDir }, ['db'])).toThrow(/usage/);
  });

  it('refuses a port that is taken, or given twice', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const taken = (server.address() as { port: number }).port;
    try {
      const config = readLaunchConfig(
        { TURNPIKE_DATA_DIR: dataDir, DASHBOARD_PORT: String(taken) },
        ['dashboard'],
      );
      await expect(assertPortsFree(config)).rejects.toThrow(
        `DASHBOARD_PORT: port ${taken} is already in use`,
      );
    } finally {
      server.close();
    }
    const twice = readLaunchConfig(
      { TURNPIKE_DATA_DIR: dataDir, GATEWAY_PORT: '1', GATEWAY_CONTROL_PORT: '1' },
      [],
    );
    await expect(assertPortsFree(twice)).rejects.toThrow(
      /GATEWAY_CONTROL_PORT: port 1 is also GATEWAY_PORT/,
    );
  });
});

describe('dashboard build check', () => {
  const root = join(scratch, 'repo');
  const touch = (path: string, secondsAgo: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x');
    const when = Date.now() / 1000 - secondsAgo;
    utimesSync(join(root, path), when, when);
  };

  it('builds when there is no build, or a source is newer than it, and not otherwise', () => {
    touch('dashboard/app/page.tsx', 100);
    touch('common/src/index.ts', 100);
    expect(dashboardBuildReason(root)).toBe('no build yet');
    touch('dashboard/.next/BUILD_ID', 50);
    expect(dashboardBuildReason(root)).toBeUndefined();
    touch('common/src/index.ts', 10); // shared code goes into the dashboard too
    expect(dashboardBuildReason(root)).toBe('sources changed since the last build');
    touch('dashboard/.next/BUILD_ID', 5);
    touch('dashboard/test/ui.test.ts', 1); // tests are not part of the build
    expect(dashboardBuildReason(root)).toBeUndefined();
    touch('dashboard/lib/deep/er/thing.ts', 1);
    expect(dashboardBuildReason(root)).toBe('sources changed since the last build');
  });
});
