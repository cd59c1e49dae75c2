// Starts real gateways for tests (in-process or as child processes) and seeds their stores as the dashboard does.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import {
  apiDefinitionSchema,
  generateRawKey,
  hashKey,
  keyRecordSchema,
  newId,
  policySchema,
  redisKeys,
  signEvent,
  type ApiDefinitionInput,
  type GatewayEvent,
  type KeyInput,
  type PolicyInput,
} from '@turnpike/common';
import { freePort } from '../../../scripts/lib/stores';
import type { TestStores } from '../../../test/support/stores';
import { readGatewayEnv } from '../../src/config/env';
import { startControlPlane } from '../../src/control/server';
import { Gateway } from '../../src/gateway';

export const TEST_SECRET = 'test-gateway-secret-0123456789abcdef';
const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface RunningGateway {
  url: string;
  internalUrl: string;
  controlUrl: string;
  stop(): Promise<void>;
}

export async function gatewayEnvVars(
  stores: TestStores,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  return {
    MONGODB_URL: stores.mongodbDbUrl,
    REDIS_URL: stores.redisUrl,
    TURNPIKE_REDIS_PREFIX: stores.redisPrefix,
    TURNPIKE_DATA_DIR: stores.tempDir('gw'),
    GATEWAY_SECRET: TEST_SECRET,
    GATEWAY_WORKERS: '1',
    GATEWAY_PORT: String(await freePort()),
    GATEWAY_CONTROL_PORT: String(await freePort()),
    GATEWAY_INTERNAL_PORT: String(await freePort()),
    ...extra,
  };
}

/** A gateway in this process: quick to start, for most tests. */
export async function startGateway(
  vars: Record<string, string>,
): Promise<RunningGateway & { gateway: Gateway }> {
  const env = readGatewayEnv(vars);
  const gateway = new Gateway(env, () => undefined);
  const ports = await gateway.start();
  const control = await startControlPlane(gateway.controlTarget(), env.secret, env.controlPort);
  return {
    gateway,
    url: `http://127.0.0.1:${ports.port}`,
    internalUrl: `http://127.0.0.1:${ports.internalPort}`,
    controlUrl: `http://127.0.0.1:${env.controlPort}`,
    async stop() {
      control.close();
      await gateway.stop(2000);
    },
  };
}

/** A gateway as its own process, exactly as `npm run start:gateway` runs it. */
export async function startGatewayProcess(vars: Record<string, string>): Promise<
  RunningGateway & {
    child: ChildProcess;
    output: () => string;
    kill(signal?: NodeJS.Signals): Promise<number | null>;
  }
> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const controlUrl = `http://127.0.0.1:${vars.GATEWAY_CONTROL_PORT}`;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await waitUntil(async () => {
    if (child.exitCode !== null)
      throw new Error(`gateway exited with ${child.exitCode}: ${output}`);
    const res = await fetch(`${controlUrl}/ready`).catch(() => null);
    return res?.status === 200;
  }, 30_000);
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    child,
    output: () => output,
    url: `http://127.0.0.1:${vars.GATEWAY_PORT}`,
    internalUrl: `http://127.0.0.1:${vars.GATEWAY_INTERNAL_PORT}`,
    controlUrl,
    kill,
    async stop() {
      await kill('SIGTERM');
    },
  };
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function seedApi(stores: TestStores, input: ApiDefinitionInput): Promise<void> {
  const api = apiDefinitionSchema.parse(input);
  await stores.mongo
    .db(stores.dbName)
    .collection('apis')
    .replaceOne({ _id: api.id as never }, { ...api }, { upsert: true });
}

export async function seedPolicy(stores: TestStores, input: PolicyInput): Promise<void> {
  const policy = policySchema.parse(input);
  await stores.mongo
    .db(stores.dbName)
    .collection('policies')
    .replaceOne({ _id: policy.id as never }, { ...policy }, { upsert: true });
}

/** Issues a key as the dashboard does: hash in MongoDB and Redis, raw value returned once. */
export async function seedKey(
  stores: TestStores,
  input: KeyInput,
  options: { redis?: boolean } = {},
) {
  const raw = generateRawKey();
  const record = keyRecordSchema.parse({
    ...input,
    id: newId('k'),
    hash: hashKey(raw),
    createdAt: new Date().toISOString(),
  });
  await stores.mongo
    .db(stores.dbName)
    .collection('keys')
    .insertOne({ _id: record.id as never, ...record });
  if (options.redis !== false)
    await stores.redis.set(
      redisKeys(stores.redisPrefix).session(record.hash),
      JSON.stringify(record),
    );
  return { raw, record };
}

export async function publish(stores: TestStores, event: GatewayEvent): Promise<void> {
  await stores.redis.publish(
    redisKeys(stores.redisPrefix).eventsChannel,
    signEvent(event, TEST_SECRET),
  );
}
