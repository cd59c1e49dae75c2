// The contract every middleware keeps: whether it applies to an API, and how to build it for one.
import type { ApiDefinition } from '@turnpike/common';
import type { Middleware } from '../pipeline/context';
import type { GatewayServices } from '../services';

export interface MiddlewareFactory {
  readonly name: string;
  /** Decided once per API at load; a middleware that does not apply is left out of the chain. */
  appliesTo(api: ApiDefinition): boolean;
  create(api: ApiDefinition, services: GatewayServices): Middleware;
}
