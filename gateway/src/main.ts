// Starts the gateway: one process, or a primary with GATEWAY_WORKERS workers sharing the ports.
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { runMain } from '@turnpike/common';
import { readGatewayEnv, type GatewayEnv } from './config/env';
import { startControlPlane, type ControlTarget } from './control/server';
import { Gateway } from './gateway';
import { mergeSnapshots, renderPrometheus, type MetricsSnapshot } from './metrics';

type ToWorker = { type: 'metrics' | 'reload' | 'purge'; id: string; apiId?: string };
type FromWorker = { type: 'ready' } | { type: 'reply'; id: string; value: unknown };

runMain('gateway', async () => {
  const env = readGatewayEnv();
  if (env.workers === 1) return runSingle(env);
  if (cluster.isPrimary) return runPrimary(env);
  return runWorker(env);
});

async function runSingle(env: GatewayEnv): Promise<void> {
  const gateway = new Gateway(env);
  const ports = await gateway.start();
  const control = await startControlPlane(gateway.controlTarget(), env.secret, env.controlPort);
  gateway.log(
    `data plane on :${ports.port}, internal on ${env.internalHost}:${ports.internalPort}, control on 127.0.0.1:${env.controlPort}`,
  );
  onShutdown(async () => {
    control.close();
    await gateway.stop();
  });
}

async function runWorker(env: GatewayEnv): Promise<void> {
  const gateway = new Gateway(env, (line) =>
    console.log(`gateway[${cluster.worker?.id}]: ${line}`),
  );
  await gateway.start();
  const reply = (id: string, value: unknown) =>
    process.send?.({ type: 'reply', id, value } satisfies FromWorker);
  process.on('message', (message: ToWorker) => {
    if (message.type === 'metrics') reply(message.id, gateway.metrics.snapshot());
    else if (message.type === 'reload') void gateway.reload().then((ok) => reply(message.id, ok));
    else if (message.type === 'purge')
      void gateway.purgeCache(message.apiId!).then(
        (n) => reply(message.id, n),
        () => reply(message.id, -1),
      );
  });
  const announceReady = () =>
    gateway.ready
      ? process.send?.({ type: 'ready' } satisfies FromWorker)
      : setTimeout(announceReady, 200);
  announceReady();
  onShutdown(() => gateway.stop());
}

async function runPrimary(env: GatewayEnv): Promise<void> {
  const ready = new Set<number>();
  const pending = new Map<string, (value: unknown) => void>();
  let stopping = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') ready.add(worker.id);
      else pending.get(message.id)?.(message.value);
    });
    return worker;
  };
  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker.id);
    if (!stopping) {
      console.error(`gateway: worker ${worker.id} exited (${signal ?? code}); starting another`);
      fork();
    }
  });
  for (let i = 0; i < env.workers; i++) fork();

  const ask = (worker: Worker, type: ToWorker['type'], apiId?: string) =>
    new Promise<unknown>((resolve) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(null);
      }, 5000);
      pending.set(id, (value) => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(value);
      });
      worker.send({ type, id, apiId } satisfies ToWorker);
    });
  const workers = () =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const target: ControlTarget = {
    ready: () => ready.size >= env.workers,
    status: () => ({ workers: ready.size }),
    metrics: async () => {
      const snapshots = (await Promise.all(workers().map((w) => ask(w, 'metrics')))).filter(
        Boolean,
      ) as MetricsSnapshot[];
      return renderPrometheus(mergeSnapshots(snapshots));
    },
    reload: async () =>
      (await Promise.all(workers().map((w) => ask(w, 'reload')))).every((ok) => ok === true),
    purgeCache: async (apiId) => {
      const first = workers()[0];
      return first ? Number(await ask(first, 'purge', apiId)) : 0;
    },
  };
  const control = await startControlPlane(target, env.secret, env.controlPort);
  console.log(
    `gateway: ${env.workers} workers, data plane on :${env.port}, control on 127.0.0.1:${env.controlPort}`,
  );
  onShutdown(async () => {
    stopping = true;
    control.close();
    await Promise.all(
      workers().map(
        (w) =>
          new Promise<void>((done) => {
            w.once('exit', () => done());
            w.process.kill('SIGTERM');
          }),
      ),
    );
  });
}

function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
