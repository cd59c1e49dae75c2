// `npm start`: the whole suite (or the one service named) on embedded or given stores, as one supervised group.
import { runMain } from '@turnpike/common';
import { bannerLines } from './lib/banner';
import { ensureDashboardBuilt } from './lib/dashboard-build';
import { prepareStores, type StoreUrls } from './lib/embedded-stores';
import { childEnv, readLaunchConfig } from './lib/launch-config';
import { say } from './lib/output';
import { assertPortsFree } from './lib/port-check';
import { killGroupsOnExit } from './lib/process-group';
import { waitUntil } from './lib/readiness';
import { assertEntryExists, serviceDefinition, type ServiceDefinition } from './lib/services';
import { Shutdown } from './lib/shutdown';
import { ROOT } from './lib/stores';
import { Supervisor } from './lib/supervisor';

/** Thrown into the start-up sequence once stopping has begun, so it goes no further. */
class Stopping extends Error {}

const shutdown = new Shutdown();
/** The start-up stage under way; stopping waits for it so nothing it starts is left behind. */
let stage: Promise<unknown> = Promise.resolve();

function during<T>(work: Promise<T>): Promise<T> {
  stage = work;
  return work.then((value) => {
    if (shutdown.closing) throw new Stopping();
    return value;
  });
}

async function stopEverything(exitCode: number, reason: string): Promise<void> {
  if (shutdown.closing) return;
  say(reason);
  await shutdown.run();
  await stage.catch(() => undefined);
  await shutdown.run(); // whatever the interrupted stage registered as it finished
  say('stopped');
  process.exit(exitCode);
}

/** The dashboard prints the generated admin credentials once; the banner repeats them. */
function credentialCatcher(found: string[]): (line: string) => void {
  return (line) => {
    if (/admin/i.test(line) && (/@/.test(line) || /password/i.test(line))) found.push(line);
  };
}

async function waitReady(service: ServiceDefinition, stores: StoreUrls): Promise<void> {
  const probe = service.probe(stores);
  try {
    const seconds = service.readyTimeoutMs / 1000;
    await waitUntil(
      () => probe.ready(),
      service.readyTimeoutMs,
      `${service.name} was not ready within ${seconds} s (waited until ${service.readyWhen})`,
    );
    say(`${service.name} is ready`);
  } finally {
    await probe.close();
  }
}

async function main(): Promise<void> {
  const began = Date.now();
  const config = readLaunchConfig(process.env, process.argv.slice(2));
  const services = config.services.map((name) => serviceDefinition(name, ROOT, config));
  for (const service of services) assertEntryExists(service, ROOT);
  await assertPortsFree(config);

  killGroupsOnExit();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stopEverything(0, `${signal}: stopping every service`));
  }
  const supervisor = new Supervisor(
    (name, how) => void stopEverything(1, `${name} ${how}; stopping everything`),
  );
  try {
    const stores = await during(prepareStores(config, shutdown));
    const env = childEnv(config, stores.mongodbUrl, stores.redisUrl);
    shutdown.add('services', () => supervisor.stopAll());
    const credentials: string[] = [];
    const launch = (service: ServiceDefinition) =>
      supervisor.start({
        ...service,
        env,
        onLine: service.name === 'dashboard' ? credentialCatcher(credentials) : undefined,
      });

    // The gateway and the pump start while the dashboard builds; they do not need it.
    for (const service of services) if (service.name !== 'dashboard') launch(service);
    const dashboard = services.find((service) => service.name === 'dashboard');
    if (dashboard) {
      await during(
        ensureDashboardBuilt({
          root: ROOT,
          env,
          track: (stop) => shutdown.add('dashboard build', stop),
        }),
      );
      launch(dashboard);
    }
    await during(Promise.all(services.map((service) => waitReady(service, stores))));
    for (const line of bannerLines(config, stores, (Date.now() - began) / 1000, credentials))
      say(line);
  } catch (error) {
    // A signal or a dead service is already stopping everything and will exit; stay out of its way.
    if (shutdown.closing) return new Promise<void>(() => undefined);
    await shutdown.run();
    throw error;
  }
}

runMain('turnpike', main);
