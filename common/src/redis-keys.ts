// Every Redis key and channel Turnpike uses, built in one place from one prefix.

export interface RedisKeys {
  readonly prefix: string;
  /** The session of a key, JSON, by SHA-256 of the raw key. */
  session(keyHash: string): string;
  /** GCRA state of a rate limit ("key" per key, "api" shared by all callers of an API). */
  rateLimit(scope: 'key' | 'api', id: string): string;
  /** Quota counter of a key: hash {used, resetAt}. */
  quota(keyId: string): string;
  /** A cached response. */
  cache(apiId: string, fingerprint: string): string;
  /** Pattern matching every cached response of one API, for purges. */
  cachePattern(apiId: string): string;
  /** Pub/sub channel of configuration and key change notices. */
  readonly eventsChannel: string;
  /** BullMQ prefix for the analytics queue. */
  readonly bullPrefix: string;
}

export function redisKeys(prefix = 'tp:'): RedisKeys {
  return {
    prefix,
    session: (keyHash) => `${prefix}session:${keyHash}`,
    rateLimit: (scope, id) => `${prefix}rl:${scope}:${id}`,
    quota: (keyId) => `${prefix}quota:${keyId}`,
    cache: (apiId, fingerprint) => `${prefix}cache:${apiId}:${fingerprint}`,
    cachePattern: (apiId) => `${prefix}cache:${apiId}:*`,
    eventsChannel: `${prefix}events`,
    bullPrefix: `${prefix}bull`,
  };
}
