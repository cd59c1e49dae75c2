// Brings up the embedded stores (FerretDB on SQLite, Redis) or uses MONGODB_URL / REDIS_URL.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const FERRETDB_BIN = join(ROOT, '.tools', 'ferretdb');

export interface Store {
  url: string;
  /** Set when this process started the store; stops it. */
  stop?: () => Promise<void>;
}

/** Builds FerretDB into .tools/ when it is missing (needs Go). */
export function ensureFerretDB(): void {
  if (existsSync(FERRETDB_BIN)) return;
  const result = spawnSync('bash', [join(ROOT, 'scripts', 'install-ferretdb.sh')], {
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error('FerretDB could not be installed (see the message above)');
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host });
    const finish = (open: boolean) => {
      socket.destroy();
      done(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitForPort(
  port: number,
  timeoutMs: number,
  what: string,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode} while starting`);
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not open port ${port} within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(killer);
        done();
      });
      child.kill('SIGTERM');
    });
}

export interface FerretOptions {
  dataDir: string;
  port: number;
  /** Where FerretDB's own log lines go; default: discarded. */
  log?: (line: string) => void;
  /** Own process group: a Ctrl-C meant for the launcher must not stop the store before the services. */
  detached?: boolean;
  /** FerretDB's --log-level; "warn" by default (it warns of every command it lacks, such as endSessions). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/** Starts FerretDB with its SQLite backend; resolves once it accepts connections. */
export async function startFerretDB({
  dataDir,
  port,
  log,
  detached,
  logLevel = 'warn',
}: FerretOptions): Promise<Store> {
  ensureFerretDB();
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(
    FERRETDB_BIN,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      `--log-level=${logLevel}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached },
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      if (log) for (const line of chunk.split('\n')) if (line.trim()) log(line);
    });
  }
  await waitForPort(port, 20_000, 'FerretDB', child);
  return { url: `mongodb://127.0.0.1:${port}/`, stop: stopChild(child) };
}

export interface RedisOptions {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  detached?: boolean;
}

/** The local Redis on 127.0.0.1:6379 when it answers, else a redis-server started with AOF under dataDir. */
export async function resolveRedis({
  dataDir,
  port = 6379,
  log,
  detached,
}: RedisOptions): Promise<Store> {
  if (await portOpen(port)) return { url: `redis://127.0.0.1:${port}` };
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error(
      'no Redis answers on 127.0.0.1:6379 and redis-server is not installed: install Redis or set REDIS_URL',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dataDir,
      '--appendonly',
      'yes',
      '--save',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached },
  );
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    if (log) for (const line of chunk.split('\n')) if (line.trim()) log(line);
  });
  await waitForPort(port, 10_000, 'redis-server', child);
  return { url: `redis://127.0.0.1:${port}`, stop: stopChild(child) };
}
