// Everything under test, started on the server core: nginx (origin and proxy), the naive Node proxy,
// the bench's own Redis and, when it exists and starts, the Turnpike gateway.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, ROOT, waitForPort } from '../lib/stores';
import { gatewayExists, startGateway, type Gateway } from './gateway';
import { startNginx, type NginxPorts } from './nginx';
import type { ScenarioId } from './options';
import { makeTempDir, startProcess } from './processes';
import { startRedis, type BenchRedis } from './redis';
import { GATEWAY_IDS } from './scenarios';
import { pinned } from './tools';

export interface Stack {
  nginxPorts: NginxPorts;
  naivePort: number;
  redis: BenchRedis;
  gateway?: Gateway;
  /** Root pids of every process under test, for CPU accounting. */
  serverPids: number[];
  skipped: { id: ScenarioId; reason: string }[];
  issues: string[];
}

export async function startStack(serverCpus: string, withGateway: boolean): Promise<Stack> {
  const dir = makeTempDir('run');
  const nginxPorts = { origin: await freePort(), proxy: await freePort() };
  const nginx = await startNginx(nginxPorts, serverCpus);
  const origin = `http://127.0.0.1:${nginxPorts.origin}`;
  const naive = await startNaiveProxy(origin, serverCpus);
  const redis = await startRedis(dir, await freePort(), serverCpus);
  const stack: Stack = {
    nginxPorts,
    naivePort: naive.port,
    redis,
    serverPids: [nginx.child.pid!, naive.child.pid!, redis.child.pid!],
    skipped: [],
    issues: [],
  };
  if (!withGateway) return stack;
  const skip = (reason: string) => GATEWAY_IDS.forEach((id) => stack.skipped.push({ id, reason }));
  if (!gatewayExists()) {
    skip('gateway/src/main.ts does not exist yet');
    return stack;
  }
  try {
    stack.gateway = await startGateway({
      dir,
      upstreamUrl: origin,
      redisUrl: redis.url,
      cpuList: serverCpus,
    });
    stack.serverPids.push(stack.gateway.child.pid!);
  } catch (error) {
    stack.issues.push(`the gateway did not start: ${(error as Error).message}`);
    skip('the gateway did not start (see Issues)');
  }
  return stack;
}

async function startNaiveProxy(
  origin: string,
  cpuList: string,
): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const script = join(import.meta.dirname, 'naive-proxy.ts');
  const [command, args] = pinned(cpuList, process.execPath, [
    '--import',
    'tsx',
    script,
    String(port),
    origin,
  ]);
  const child = startProcess(command, args, { cwd: ROOT });
  await waitForPort(port, 30_000, 'the naive node proxy', child);
  return { port, child };
}
