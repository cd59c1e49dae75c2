// Caches GET/HEAD responses in Redis per API, keyed by method, host, path, query and vary headers.
import { createHash } from 'node:crypto';
import type { ApiDefinition } from '@turnpike/common';
import type { RequestContext } from '../pipeline/context';
import { ResponseCapture } from '../proxy/forward';
import { mergeResponseHeaders } from '../pipeline/respond';
import type { MiddlewareFactory } from './types';

const NOT_STORABLE = /(?:^|,)\s*(?:no-store|private)\s*(?:,|$)/i;

function fingerprint(ctx: RequestContext, vary: readonly string[]): string {
  const hash = createHash('sha1');
  hash
    .update(ctx.req.headers.host ?? '')
    .update('\n')
    .update(ctx.upstreamPath)
    .update(ctx.query);
  for (const name of vary) hash.update('\n').update(String(ctx.req.headers[name] ?? ''));
  return hash.digest('base64url');
}

/** Stored form: 4-byte length, JSON {s: status, h: flat headers}, then the body. */
function encode(capture: ResponseCapture): Buffer {
  const meta = Buffer.from(JSON.stringify({ s: capture.status, h: capture.headers }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(meta.length);
  return Buffer.concat([length, meta, ...capture.chunks]);
}

function decode(stored: Buffer): { status: number; headers: string[]; body: Buffer } | null {
  if (stored.length < 4) return null;
  const metaLength = stored.readUInt32BE(0);
  try {
    const meta = JSON.parse(stored.subarray(4, 4 + metaLength).toString()) as {
      s: number;
      h: string[];
    };
    return { status: meta.s, headers: meta.h, body: stored.subarray(4 + metaLength) };
  } catch {
    return null;
  }
}

function storable(capture: ResponseCapture): boolean {
  if (!capture.complete || capture.overflow || capture.status !== 200) return false;
  for (let i = 0; i < capture.headers.length; i += 2) {
    const name = capture.headers[i]!.toLowerCase();
    if (name === 'set-cookie') return false;
    if (name === 'cache-control' && NOT_STORABLE.test(capture.headers[i + 1]!)) return false;
  }
  return true;
}

export const cache: MiddlewareFactory = {
  name: 'cache',
  appliesTo: (api: ApiDefinition) => api.cache.enabled,
  create(api, services) {
    const { ttlSeconds, maxEntryBytes } = api.cache;
    const vary = api.cache.varyHeaders.map((h) => h.toLowerCase());
    const redis = services.redis;
    return async (ctx, next) => {
      if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || redis === null) return next();
      const key = services.keys.cache(api.id, fingerprint(ctx, vary));
      let stored: Buffer | null = null;
      try {
        stored = await redis.getBuffer(key);
      } catch {
        services.metrics.redisError(); // a cache that is down is a miss, not an outage
      }
      const hit = stored ? decode(stored) : null;
      if (hit) {
        ctx.cacheStatus = 'HIT';
        const out = mergeResponseHeaders(ctx, hit.headers);
        out.push('x-cache', 'HIT', 'x-gtxid', ctx.gtxid);
        ctx.res.writeHead(hit.status, out);
        ctx.bytesOut = ctx.method === 'HEAD' ? 0 : hit.body.length;
        ctx.res.end(ctx.method === 'HEAD' ? undefined : hit.body);
        return;
      }
      ctx.cacheStatus = 'MISS';
      if (ctx.method === 'GET') ctx.capture = new ResponseCapture(maxEntryBytes);
      await next();
      const capture = ctx.capture;
      if (capture && storable(capture)) {
        redis
          .set(key, encode(capture), 'PX', ttlSeconds * 1000)
          .catch(() => services.metrics.redisError());
      }
    };
  },
};
