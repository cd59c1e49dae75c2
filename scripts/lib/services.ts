// How each Turnpike service is started, and what "ready" means for it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchConfig, ServiceName } from './launch-config';
import { analyticsWorkerProbe, httpOk } from './readiness';
import type { StoreUrls } from './embedded-stores';

export interface ServiceDefinition {
  name: ServiceName;
  command: string;
  args: string[];
  cwd: string;
  /** The file that must exist for the service to start at all. */
  entry: string;
  /** What the launcher waits for, in words, for the timeout message. */
  readyWhen: string;
  readyTimeoutMs: number;
  /** Opens whatever the check needs; the caller polls ready() and then closes it. */
  probe(stores: StoreUrls): { ready(): Promise<boolean>; close(): Promise<void> };
}

export function serviceDefinition(
  name: ServiceName,
  root: string,
  config: LaunchConfig,
): ServiceDefinition {
  const tsx = (entry: string) => ({
    command: process.execPath,
    args: ['--import', 'tsx', entry],
    cwd: root,
    entry: join(root, entry),
  });
  const http = (url: string) => () => ({ ready: () => httpOk(url), close: async () => undefined });
  switch (name) {
    case 'gateway': {
      const url = `http://127.0.0.1:${config.gatewayControlPort}/ready`;
      return {
        name,
        ...tsx('gateway/src/main.ts'),
        readyWhen: `GET ${url} answers 200`,
        readyTimeoutMs: 120_000,
        probe: http(url),
      };
    }
    case 'pump':
      return {
        name,
        ...tsx('pump/src/main.ts'),
        readyWhen: 'a worker is registered on the analytics queue',
        readyTimeoutMs: 120_000,
        probe: (stores) => analyticsWorkerProbe(stores.redisUrl, config.redisPrefix),
      };
    case 'dashboard': {
      const url = `http://127.0.0.1:${config.dashboardPort}/api/health`;
      const next = join(root, 'node_modules', '.bin', 'next');
      return {
        name,
        command: next,
        args: ['start', '-p', String(config.dashboardPort)],
        cwd: join(root, 'dashboard'),
        entry: next,
        readyWhen: `GET ${url} answers 200`,
        readyTimeoutMs: 180_000,
        probe: http(url),
      };
    }
  }
}

/** Throws when a service's entry file is missing, before anything is started for it. */
export function assertEntryExists(service: ServiceDefinition, root: string): void {
  if (!existsSync(service.entry)) {
    throw new Error(
      `${service.name} cannot start: ${service.entry.replace(root + '/', '')} is missing`,
    );
  }
}
