// What the API editor starts from: a new API's draft and the defaults a toggled-on section takes.
import {
  cacheSchema,
  circuitBreakerSchema,
  corsSchema,
  healthCheckSchema,
  jwtAlgorithms,
  type ApiDefinitionInput,
} from '@turnpike/common';

export interface EditorDefaults {
  healthCheck: Record<string, unknown>;
  circuitBreaker: Record<string, unknown>;
  rateLimit: { rate: number; per: number };
  jwtAlgorithms: readonly string[];
}

export function editorDefaults(): EditorDefaults {
  return {
    healthCheck: healthCheckSchema.parse({}),
    circuitBreaker: circuitBreakerSchema.parse({}),
    rateLimit: { rate: 1000, per: 60 },
    jwtAlgorithms,
  };
}

export function newApiDraft(): ApiDefinitionInput {
  return {
    id: '',
    name: '',
    active: true,
    internal: false,
    listenPath: '/',
    stripListenPath: true,
    hosts: [],
    upstream: {
      targets: [{ url: '', weight: 1 }],
      timeoutMs: 30_000,
      retries: 0,
      healthCheck: null,
      circuitBreaker: null,
    },
    auth: { type: 'key' },
    rateLimit: null,
    cache: cacheSchema.parse({}),
    cors: corsSchema.parse({}),
    ipAllowList: [],
    ipDenyList: [],
  };
}
