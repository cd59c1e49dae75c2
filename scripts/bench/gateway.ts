// Launches the Turnpike gateway in declarative mode, one worker pinned to the server core, for scenarios C–F.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import {
  apiDefinitionSchema,
  declarativeKeySchema,
  type ApiDefinitionInput,
  type KeyInput,
} from '@turnpike/common';
import { freePort, ROOT } from '../lib/stores';
import { captureOutput, startProcess } from './processes';
import { pinned } from './tools';

export const GATEWAY_MAIN = join(ROOT, 'gateway', 'src', 'main.ts');

export interface BenchCredentials {
  /** Raw API key for /keyed/. */
  apiKey: string;
  /** HS256 token for /jwt/, valid for an hour. */
  jwt: string;
}

export interface Gateway {
  child: ChildProcess;
  port: number;
  controlPort: number;
  credentials: BenchCredentials;
  redisPrefix: string;
  output: () => string;
}

const UNLIMITED_RATE = { rate: 100_000_000, per: 1 };

/** The four bench APIs and one key, checked against the shared schemas before the gateway sees them. */
export async function benchConfig(
  upstreamUrl: string,
): Promise<{ config: object; credentials: BenchCredentials }> {
  const jwtSecret = randomBytes(32).toString('base64url');
  const upstream = { targets: [{ url: upstreamUrl, weight: 1 }] };
  const apis: ApiDefinitionInput[] = [
    {
      id: 'bench-open',
      name: 'Bench keyless',
      listenPath: '/open/',
      upstream,
      auth: { type: 'keyless' },
    },
    {
      id: 'bench-key',
      name: 'Bench keyed',
      listenPath: '/keyed/',
      upstream,
      auth: { type: 'key' },
      rateLimit: UNLIMITED_RATE,
    },
    {
      id: 'bench-cache',
      name: 'Bench cached',
      listenPath: '/cached/',
      upstream,
      cache: { enabled: true, ttlSeconds: 300 },
    },
    {
      id: 'bench-jwt',
      name: 'Bench JWT',
      listenPath: '/jwt/',
      upstream,
      auth: { type: 'jwt', algorithms: ['HS256'], secret: jwtSecret },
    },
  ];
  const apiKey = `bench_${randomBytes(24).toString('base64url')}`;
  const key: KeyInput & { id: string; key: string } = {
    id: 'k_bench00001',
    key: apiKey,
    alias: 'bench',
    apis: ['bench-key'],
    rateLimit: UNLIMITED_RATE,
    quota: { max: 1_000_000_000_000, renewalSeconds: 86_400 },
  };
  for (const api of apis) apiDefinitionSchema.parse(api);
  declarativeKeySchema.parse(key);
  const jwt = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(jwtSecret));
  return { config: { apis, policies: [], keys: [key] }, credentials: { apiKey, jwt } };
}

export function gatewayExists(): boolean {
  return existsSync(GATEWAY_MAIN);
}

export interface GatewayOptions {
  dir: string;
  upstreamUrl: string;
  redisUrl: string;
  cpuList: string;
}

export async function startGateway({
  dir,
  upstreamUrl,
  redisUrl,
  cpuList,
}: GatewayOptions): Promise<Gateway> {
  const { config, credentials } = await benchConfig(upstreamUrl);
  const configFile = join(dir, 'gateway-config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  const dataDir = join(dir, 'gateway-data');
  mkdirSync(dataDir, { recursive: true });
  const [port, controlPort, internalPort] = [await freePort(), await freePort(), await freePort()];
  const redisPrefix = `bench:${randomBytes(4).toString('hex')}:`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    GATEWAY_WORKERS: '1',
    GATEWAY_CONFIG_FILE: configFile,
    GATEWAY_SECRET: randomBytes(32).toString('base64url'),
    REDIS_URL: redisUrl,
    TURNPIKE_REDIS_PREFIX: redisPrefix,
    TURNPIKE_DATA_DIR: dataDir,
    GATEWAY_PORT: String(port),
    GATEWAY_CONTROL_PORT: String(controlPort),
    GATEWAY_INTERNAL_PORT: String(internalPort),
  };
  delete env.MONGODB_URL;
  // Started from gateway/ as src/main.ts: the same program, but out of reach of a colleague's
  // `pkill -f gateway/src/main.ts` in a parallel perf loop, which would kill the bench's gateway mid-run.
  const [command, args] = pinned(cpuList, process.execPath, ['--import', 'tsx', 'src/main.ts']);
  const child = startProcess(command, args, { cwd: join(ROOT, 'gateway'), env });
  const output = captureOutput(child);
  await waitForStatus(
    `http://127.0.0.1:${controlPort}/ready`,
    200,
    60_000,
    'the gateway',
    child,
    output,
  );
  return { child, port, controlPort, credentials, redisPrefix, output };
}

/** Polls `url` until it answers `status`; fails early, with the process's output, if it exits. */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs: number,
  what: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited (${child.exitCode ?? child.signalCode}) while starting:\n${output()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === status) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${what} did not answer ${status} at ${url} within ${timeoutMs} ms (${last}):\n${output()}`,
  );
}
