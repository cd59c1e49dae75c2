// Runs the real gateway as its own process (`node --import tsx gateway/src/main.ts`) for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../scripts/lib/stores';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface GatewayProcess {
  url: string;
  controlUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startGatewayProcess(env: {
  mongodbUrl: string;
  redisUrl: string;
  redisPrefix: string;
  secret: string;
}): Promise<GatewayProcess> {
  const [port, controlPort, internalPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'turnpike-gateway-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      MONGODB_URL: env.mongodbUrl,
      REDIS_URL: env.redisUrl,
      TURNPIKE_REDIS_PREFIX: env.redisPrefix,
      TURNPIKE_DATA_DIR: dataDir,
      GATEWAY_SECRET: env.secret,
      GATEWAY_WORKERS: '1',
      GATEWAY_PORT: String(port),
      GATEWAY_CONTROL_PORT: String(controlPort),
      GATEWAY_INTERNAL_PORT: String(internalPort),
    },
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => (output += chunk));
  }
  const running: GatewayProcess = {
    url: `http://127.0.0.1:${port}`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    output: () => output,
    stop: () => stopGroup(child).then(() => rmSync(dataDir, { recursive: true, force: true })),
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`gateway exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${running.controlUrl}/ready`).catch(() => null);
    if (ready?.status === 200) return running;
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`gateway not ready within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
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
