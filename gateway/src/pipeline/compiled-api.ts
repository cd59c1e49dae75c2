// An API definition made ready to serve: its chain built and its listen path split.
import type { ApiDefinition } from '@turnpike/common';
import type { ApiStats } from '../metrics';
import type { Handler } from './compose';

export interface CompiledApi {
  definition: ApiDefinition;
  handler: Handler;
  /** Names of the middleware in the chain, for diagnostics. */
  middleware: string[];
  stats: ApiStats;
}
