// What middleware may use: the stores, the limiter, the session store, metrics and current policies.
import type { Policy, RedisKeys } from '@turnpike/common';
import type { Redis } from 'ioredis';
import type { Limiter } from './limits/limiter';
import type { Metrics } from './metrics';
import type { UpstreamGroup } from './proxy/upstream-group';
import type { SessionStore } from './sessions/session-store';

export interface GatewayServices {
  /** The request-path client: fails fast instead of queueing through an outage. */
  redis: Redis | null;
  keys: RedisKeys;
  sessions: SessionStore;
  limiter: Limiter;
  metrics: Metrics;
  upstreams: { group(apiId: string): UpstreamGroup };
  policy(id: string): Policy | undefined;
}
