// Refuses to start a service on a port that is taken: the readiness check would otherwise ask a stranger.
import { ConfigError } from '@turnpike/common';
import type { LaunchConfig } from './launch-config';
import { portOpen } from './stores';

export async function assertPortsFree(config: LaunchConfig): Promise<void> {
  const wanted: [string, number][] = [];
  if (config.services.includes('gateway')) {
    wanted.push(
      ['GATEWAY_PORT', config.gatewayPort],
      ['GATEWAY_CONTROL_PORT', config.gatewayControlPort],
      ['GATEWAY_INTERNAL_PORT', config.gatewayInternalPort],
    );
  }
  if (config.services.includes('dashboard')) wanted.push(['DASHBOARD_PORT', config.dashboardPort]);
  const seen = new Map<number, string>();
  for (const [name, port] of wanted) {
    const other = seen.get(port);
    if (other) throw new ConfigError(name, `port ${port} is also ${other}`);
    seen.set(port, name);
    if (await portOpen(port)) throw new ConfigError(name, `port ${port} is already in use`);
  }
}
