// Runs the real dashboard (`next start`) against a test file's stores; builds it first when no build exists.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../scripts/lib/stores';

export const DASHBOARD_DIR = resolve(import.meta.dirname, '..', '..');
const NEXT_BIN = resolve(DASHBOARD_DIR, '..', 'node_modules', 'next', 'dist', 'bin', 'next');
const BUILD_ID = join(DASHBOARD_DIR, '.next', 'BUILD_ID');
const BUILD_LOCK = join(DASHBOARD_DIR, '.next-build.lock');

/**
 * Builds the dashboard once when .next/BUILD_ID is missing. Test files run in parallel, so one
 * builds under a lock directory while the others wait for it.
 */
export async function ensureDashboardBuilt(timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(BUILD_ID)) {
    let locked = false;
    try {
      mkdirSync(BUILD_LOCK);
      locked = true;
    } catch {
      // Someone else is building; a lock older than the timeout is left over from a killed run.
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > timeoutMs)
        rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
    if (locked) {
      try {
        if (!existsSync(BUILD_ID)) {
          const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
            cwd: DASHBOARD_DIR,
            encoding: 'utf8',
            env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
          });
          // A build started outside this helper (npm test, a person) holds Next's own lock: wait for it instead.
          const otherBuild = /Another next build process is already running/.test(
            result.stdout + result.stderr,
          );
          if (result.status !== 0 && !otherBuild)
            throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
        }
      } finally {
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      }
      if (existsSync(BUILD_ID)) return;
    }
    if (Date.now() > deadline)
      throw new Error('timed out waiting for another process to build the dashboard');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export interface DashboardOptions {
  mongodbUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** Extra environment, e.g. to reach a gateway with the same GATEWAY_SECRET. */
  env?: Record<string, string>;
  /** False when MongoDB is meant to be unreachable: wait for the server only, not for the first admin. */
  storesUp?: boolean;
}

export interface RunningDashboard {
  url: string;
  port: number;
  adminEmail: string;
  adminPassword: string;
  gatewaySecret: string;
  dataDir: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Signs in and returns a bearer token. */
  login(email?: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  await ensureDashboardBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'turnpike-dashboard-'));
  const adminEmail = 'admin@test.local';
  const adminPassword = randomBytes(12).toString('base64url');
  const gatewaySecret = options.env?.GATEWAY_SECRET ?? randomBytes(32).toString('base64url');
  const child = spawn(
    process.execPath,
    [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: DASHBOARD_DIR,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        MONGODB_URL: options.mongodbUrl,
        REDIS_URL: options.redisUrl,
        TURNPIKE_REDIS_PREFIX: options.redisPrefix,
        TURNPIKE_DATA_DIR: dataDir,
        TURNPIKE_ADMIN_EMAIL: adminEmail,
        TURNPIKE_ADMIN_PASSWORD: adminPassword,
        GATEWAY_SECRET: gatewaySecret,
        ...options.env,
      },
    },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => (output += chunk));
  }
  const url = `http://127.0.0.1:${port}`;
  const running: RunningDashboard = {
    url,
    port,
    adminEmail,
    adminPassword,
    gatewaySecret,
    dataDir,
    output: () => output,
    async login(email = adminEmail, password = adminPassword) {
      const response = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok)
        throw new Error(`login as ${email} failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    stop: () => stopGroup(child).then(() => rmSync(dataDir, { recursive: true, force: true })),
  };
  try {
    await waitUntil(async () => {
      if (child.exitCode !== null)
        throw new Error(`dashboard exited with ${child.exitCode}:\n${output}`);
      const health = await fetch(`${url}/api/health`).catch(() => null);
      if (options.storesUp === false) return health !== null;
      // The first admin is created at start; its log line proves start-up finished.
      return health?.status === 200 && output.includes('first admin created');
    }, 60_000);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
      return done();
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    kill('SIGTERM');
  });
}

/** Answers are checked with expect(), which is where their shape is asserted; reading any field must type-check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

export interface ApiAnswer<T = LooseJson> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small JSON client for the admin API, authenticated with a bearer token (or not at all). */
export function adminClient(baseUrl: string, token?: string) {
  return async function call<T = LooseJson>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };
}
