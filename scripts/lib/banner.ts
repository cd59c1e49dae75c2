// The lines printed once everything is ready: where to go, and how long start took.
import type { StoreUrls } from './embedded-stores';
import type { LaunchConfig } from './launch-config';

export const READY_LINE = 'Turnpike is ready';
/** The banner's last line: once it is out, the whole banner is. */
export const BANNER_END = 'Press Ctrl-C to stop.';

/** A connection string fit to print: any password replaced. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '****';
  return parsed.toString();
}

export function bannerLines(
  config: LaunchConfig,
  stores: StoreUrls,
  seconds: number,
  credentials: readonly string[],
): string[] {
  const has = (name: string) => config.services.includes(name as LaunchConfig['services'][number]);
  const lines = [`${READY_LINE} (started in ${seconds.toFixed(1)} s)`];
  if (has('dashboard')) lines.push(`  dashboard  http://localhost:${config.dashboardPort}`);
  if (has('gateway')) {
    lines.push(
      `  gateway    http://localhost:${config.gatewayPort}` +
        `  (control http://127.0.0.1:${config.gatewayControlPort}, internal APIs on port ${config.gatewayInternalPort})`,
    );
  }
  if (has('pump')) lines.push('  pump       consuming the analytics queue');
  lines.push(
    `  MongoDB    ${withoutPassword(stores.mongodbUrl)}`,
    `  Redis      ${withoutPassword(stores.redisUrl)} (key prefix ${config.redisPrefix})`,
    `  data       ${config.dataDir}`,
  );
  for (const line of credentials) lines.push(`  ${line.trim()}`);
  lines.push(BANNER_END);
  return lines;
}
