// Change notices from the dashboard to every gateway over Redis pub/sub, signed with GATEWAY_SECRET.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const gatewayEventSchema = z.discriminatedUnion('type', [
  /** API definitions or policies changed: reload them. */
  z.object({ type: z.literal('config.changed') }),
  /** A key was created, changed or removed: drop it from every in-process session cache. */
  z.object({ type: z.literal('key.changed'), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Drop every cached response of an API. */
  z.object({ type: z.literal('cache.purge'), apiId: z.string() }),
]);
export type GatewayEvent = z.infer<typeof gatewayEventSchema>;

export function signEvent(event: GatewayEvent, secret: string): string {
  const payload = JSON.stringify(event);
  const sig = createHmac('sha256', secret).update(payload).digest('hex');
  return JSON.stringify({ payload, sig });
}

/** The event in a signed message, or null when the message is malformed or not signed with `secret`. */
export function verifyEvent(message: string, secret: string): GatewayEvent | null {
  let envelope: unknown;
  try {
    envelope = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof envelope !== 'object' || envelope === null) return null;
  const { payload, sig } = envelope as { payload?: unknown; sig?: unknown };
  if (typeof payload !== 'string' || typeof sig !== 'string') return null;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(sig, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = gatewayEventSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
