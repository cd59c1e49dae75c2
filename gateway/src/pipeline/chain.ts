// Builds each API's middleware chain once, at load, from one ordered list.
import type { ApiDefinition } from '@turnpike/common';
import { authJwt } from '../middleware/auth-jwt';
import { authKey } from '../middleware/auth-key';
import { cache } from '../middleware/cache';
import { cors } from '../middleware/cors';
import { ipFilter } from '../middleware/ip-filter';
import { limits } from '../middleware/limits';
import { proxy } from '../middleware/proxy';
import type { MiddlewareFactory } from '../middleware/types';
import type { GatewayServices } from '../services';
import { compose, type Handler } from './compose';

/** Order matters: refuse by address first, answer preflights before auth, count only the authenticated. */
export const MIDDLEWARE: readonly MiddlewareFactory[] = [
  ipFilter,
  cors,
  authKey,
  authJwt,
  limits,
  cache,
  proxy,
];

export function buildChain(
  api: ApiDefinition,
  services: GatewayServices,
): { handler: Handler; names: string[] } {
  const applied = MIDDLEWARE.filter((m) => m.appliesTo(api));
  return {
    handler: compose(applied.map((m) => m.create(api, services))),
    names: applied.map((m) => m.name),
  };
}
