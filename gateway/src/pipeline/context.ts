// What one request carries through an API's middleware chain.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiDefinition, ErrorCode, Policy } from '@turnpike/common';
import type { CompiledApi } from './compiled-api';
import type { ResponseCapture } from '../proxy/forward';

/** Who is calling, once authentication has run. */
export interface Caller {
  /** The key id, or "jwt:<subject>" for a token: goes into analytics and limit keys, never a secret. */
  id: string;
  apis: readonly string[] | null;
  rateLimit: Policy['rateLimit'];
  quota: Policy['quota'];
}

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly api: CompiledApi;
  readonly definition: ApiDefinition;
  readonly method: string;
  /** The path forwarded upstream (listen path stripped when configured). */
  upstreamPath: string;
  /** The raw query, "" or starting with "?". */
  readonly query: string;
  readonly clientIp: string;
  readonly gtxid: string;
  readonly hop: number;
  readonly startedAt: number;
  caller: Caller | null;
  /** Headers the gateway adds to whatever response the request gets (rate limit, quota, CORS). */
  readonly responseHeaders: Record<string, string>;
  cacheStatus: 'HIT' | 'MISS' | undefined;
  upstreamLatencyMs: number | null;
  errorCode: ErrorCode | undefined;
  bytesOut: number;
  /** Set by the cache on a miss: the proxy copies the response into it. */
  capture: ResponseCapture | undefined;
}

export type Next = () => Promise<void>;
export type Middleware = (ctx: RequestContext, next: Next) => Promise<void>;
