// The data plane's request entry: tracing ids, routing, the API's chain, one error boundary, analytics.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { joinSegments, pathSegments, type AnalyticsRecord } from '@turnpike/common';
import type { RequestContext } from './pipeline/context';
import type { CompiledApi } from './pipeline/compiled-api';
import { sendBareError, sendError } from './pipeline/respond';
import type { Metrics } from './metrics';
import type { Router } from './router';
import { addressIn } from './middleware/ip-filter';
import { nextId } from './ids';

const GTXID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_HOPS = 64;

export interface DataPlaneDeps {
  router: () => Router<CompiledApi> | null;
  metrics: Metrics;
  record: (record: AnalyticsRecord) => void;
  trustedProxies: BlockList | null;
  log: (line: string) => void;
}

export function clientAddress(req: IncomingMessage, trusted: BlockList | null): string {
  let address = req.socket.remoteAddress ?? '';
  if (address.startsWith('::ffff:')) address = address.slice(7);
  if (trusted === null || !addressIn(trusted, address)) return address;
  // Believe X-Forwarded-For only through trusted proxies: the first untrusted hop from the right.
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded !== 'string') return address;
  const hops = forwarded.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!.trim();
    if (hop === '') continue;
    if (!addressIn(trusted, hop)) return hop;
  }
  return address;
}

export function createRequestHandler(deps: DataPlaneDeps) {
  return function handle(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    const incoming = req.headers['x-gtxid'];
    const gtxid = typeof incoming === 'string' && GTXID.test(incoming) ? incoming : nextId();
    const hopHeader = req.headers['x-ltxid'];
    const previousHop = typeof hopHeader === 'string' ? Number.parseInt(hopHeader, 10) : 0;
    const hop = previousHop >= 0 && previousHop < MAX_HOPS ? previousHop + 1 : 1;

    const router = deps.router();
    if (router === null) {
      sendBareError(res, 'gateway.not_ready', gtxid);
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const segments = rawPath.length <= 8192 ? pathSegments(rawPath) : null;
    if (segments === null) {
      deps.metrics.unrouted(400);
      sendBareError(res, 'request.invalid', gtxid);
      return;
    }
    const match = router.match(req.headers.host, segments);
    if (match === undefined) {
      deps.metrics.unrouted(404);
      sendBareError(res, 'route.not_found', gtxid);
      return;
    }
    const api = match.value;
    const definition = api.definition;
    const trailingSlash = rawPath.length > 1 && rawPath.endsWith('/');
    const forwarded = definition.stripListenPath ? segments.slice(match.depth) : segments;
    const ctx: RequestContext = {
      req,
      res,
      api,
      definition,
      method: req.method ?? 'GET',
      upstreamPath: joinSegments(forwarded, trailingSlash && forwarded.length > 0),
      query: q === -1 ? '' : url.slice(q),
      clientIp: clientAddress(req, deps.trustedProxies),
      gtxid,
      hop,
      startedAt,
      caller: null,
      responseHeaders: {},
      cacheStatus: undefined,
      upstreamLatencyMs: null,
      errorCode: undefined,
      bytesOut: 0,
      capture: undefined,
    };
    api.handler(ctx).then(
      () => finish(ctx, deps),
      (error: unknown) => {
        deps.log(
          `API ${definition.id}: unhandled error: ${(error as Error)?.message ?? String(error)}`,
        );
        sendError(ctx, 'internal');
        finish(ctx, deps);
      },
    );
  };
}

function finish(ctx: RequestContext, deps: DataPlaneDeps): void {
  const { res } = ctx;
  if (!res.headersSent && !res.destroyed) {
    // A chain that ends without answering is a bug: make it loud, and still answer.
    deps.log(
      `API ${ctx.definition.id}: the chain ended without a response (${ctx.api.middleware.join(' > ')})`,
    );
    sendError(ctx, 'internal');
  }
  const status =
    res.headersSent && !(res.destroyed && !res.writableFinished) ? res.statusCode : 499;
  const latencyMs = performance.now() - ctx.startedAt;
  ctx.api.stats.request(status, latencyMs / 1000, ctx.errorCode);
  const contentLength = ctx.req.headers['content-length'];
  const record: AnalyticsRecord = {
    id: nextId(),
    ts: Date.now(),
    apiId: ctx.definition.id,
    keyId: ctx.caller?.id ?? null,
    method: ctx.method.slice(0, 16),
    host: (ctx.req.headers.host ?? '').slice(0, 255),
    path: (ctx.req.url ?? '/').slice(0, 2048),
    status,
    latencyMs: Math.round(latencyMs * 1000) / 1000,
    upstreamLatencyMs:
      ctx.upstreamLatencyMs === null ? null : Math.round(ctx.upstreamLatencyMs * 1000) / 1000,
    bytesIn: contentLength ? Number.parseInt(contentLength, 10) || 0 : 0,
    bytesOut: ctx.bytesOut,
    clientIp: ctx.clientIp.slice(0, 64),
    userAgent: (ctx.req.headers['user-agent'] ?? '').slice(0, 512),
    gtxid: ctx.gtxid,
  };
  if (ctx.cacheStatus) record.cache = ctx.cacheStatus;
  if (ctx.errorCode) record.errorCode = ctx.errorCode;
  deps.record(record);
}
