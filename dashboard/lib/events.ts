// Change notices to every gateway: signed with GATEWAY_SECRET and published on the events channel.
import { signEvent, type GatewayEvent } from '@turnpike/common';
import { dashboardConfig } from './config';
import { keyNames, redis } from './db';

export async function publishEvent(event: GatewayEvent): Promise<void> {
  await redis().publish(
    keyNames().eventsChannel,
    signEvent(event, dashboardConfig().gatewaySecret),
  );
}

export function configChanged(): Promise<void> {
  return publishEvent({ type: 'config.changed' });
}

export function keyChanged(hash: string): Promise<void> {
  return publishEvent({ type: 'key.changed', hash });
}
