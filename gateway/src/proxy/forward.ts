// Streams one request to an upstream target and its response back, through undici's dispatch.
import type { Dispatcher } from 'undici';
import type { RequestContext } from '../pipeline/context';
import { mergeResponseHeaders, sendError } from '../pipeline/respond';
import type { Target, UpstreamGroup } from './upstream-group';

/** Headers that belong to one connection and are never forwarded (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'x-gtxid',
  'x-ltxid',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
]);
const RESPONSE_HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** A copy of a response as it streams, for the response cache; stops copying past `maxBytes`. */
export class ResponseCapture {
  status = 0;
  headers: string[] = [];
  chunks: Buffer[] = [];
  size = 0;
  overflow = false;
  complete = false;
  constructor(readonly maxBytes: number) {}
  add(chunk: Buffer): void {
    if (this.overflow) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.overflow = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(chunk);
  }
}

type Outcome = 'ok' | 'retry' | 'done';

/** Methods a retry cannot apply twice (RFC 9110 section 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export async function forward(ctx: RequestContext, group: UpstreamGroup): Promise<void> {
  const headers = upstreamHeaders(ctx);
  const hasBody = requestHasBody(ctx);
  let tried: Target | undefined;
  for (let attempt = 0; ; attempt++) {
    const target = group.pick(tried);
    if (target === null) return sendError(ctx, 'upstream.circuit_open');
    const canRetry =
      attempt < group.retries && !hasBody
        ? IDEMPOTENT.has(ctx.method)
          ? 'any'
          : 'unsent'
        : 'none';
    const outcome = await dispatchTo(ctx, group, target, headers, hasBody, canRetry);
    if (outcome !== 'retry') return;
    tried = target;
  }
}

function requestHasBody(ctx: RequestContext): boolean {
  const h = ctx.req.headers;
  return (
    h['transfer-encoding'] !== undefined ||
    (h['content-length'] !== undefined && h['content-length'] !== '0')
  );
}

function upstreamHeaders(ctx: RequestContext): string[] {
  const raw = ctx.req.rawHeaders;
  // Slot 1 takes each attempt's target host (see dispatchTo).
  const out: string[] = ['host', ''];
  let connectionTokens: string[] | null = null;
  const connection = ctx.req.headers.connection;
  if (connection !== undefined && connection.includes(',')) {
    connectionTokens = connection
      .toLowerCase()
      .split(',')
      .map((t) => t.trim());
  } else if (connection !== undefined && connection !== 'keep-alive' && connection !== 'close') {
    connectionTokens = [connection.toLowerCase().trim()];
  }
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name)) continue;
    if (connectionTokens !== null && connectionTokens.includes(name)) continue;
    out.push(name, raw[i + 1]!);
  }
  const prior = ctx.req.headers['x-forwarded-for'];
  // Each proxy appends the peer it heard from (RFC 7239), so the upstream sees the whole chain.
  let peer = ctx.req.socket.remoteAddress ?? '';
  if (peer.startsWith('::ffff:')) peer = peer.slice(7);
  out.push('x-forwarded-for', prior ? `${prior}, ${peer}` : peer);
  out.push('x-forwarded-proto', 'http');
  const host = ctx.req.headers.host;
  if (host !== undefined) out.push('x-forwarded-host', host);
  out.push('x-gtxid', ctx.gtxid, 'x-ltxid', String(ctx.hop));
  return out;
}

function errorCode(error: Error): 'upstream.timeout' | 'upstream.unavailable' {
  const code = (error as { code?: string }).code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
    ? 'upstream.timeout'
    : 'upstream.unavailable';
}

function dispatchTo(
  ctx: RequestContext,
  group: UpstreamGroup,
  target: Target,
  headers: string[],
  hasBody: boolean,
  /** 'unsent': only when the request surely never reached the target (connection refused). */
  canRetry: 'any' | 'unsent' | 'none',
): Promise<Outcome> {
  const { req, res } = ctx;
  const sentAt = performance.now();
  const capture = ctx.capture;
  return new Promise<Outcome>((resolve) => {
    let abort: ((error?: Error) => void) | undefined;
    let settled = false;
    let status = 0;
    let clientGone = false;
    const onClientGone = () => {
      if (res.writableFinished) return;
      clientGone = true;
      abort?.(new Error('client closed the connection'));
    };
    res.once('close', onClientGone);
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      res.off('close', onClientGone);
      resolve(outcome);
    };
    const failed = (error: Error) => {
      // A caller who leaves says nothing about the upstream: it must not open the circuit for others.
      if (clientGone || res.destroyed) {
        target.breaker?.abandon();
        return finish('done');
      }
      target.breaker?.failure(Date.now());
      if (res.headersSent) {
        res.destroy(error);
        return finish('done');
      }
      if (ctx.upstreamLatencyMs === null) ctx.upstreamLatencyMs = performance.now() - sentAt;
      const code = (error as { code?: string }).code;
      if (canRetry === 'any' && errorCode(error) === 'upstream.unavailable') return finish('retry');
      if (canRetry === 'unsent' && code === 'ECONNREFUSED') return finish('retry');
      sendError(ctx, errorCode(error));
      finish('done');
    };

    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        abort = abortRequest;
        if (res.destroyed) abortRequest(new Error('client closed the connection'));
      },
      onHeaders(statusCode, rawHeaders, resume) {
        if (statusCode < 200) return true;
        status = statusCode;
        ctx.upstreamLatencyMs = performance.now() - sentAt;
        const upstream: string[] = [];
        for (let i = 0; i < rawHeaders.length; i += 2) {
          const name = rawHeaders[i]!.toString('latin1');
          if (RESPONSE_HOP_BY_HOP.has(name.toLowerCase())) continue;
          upstream.push(name, rawHeaders[i + 1]!.toString('latin1'));
        }
        if (capture) {
          capture.status = statusCode;
          capture.headers = upstream;
        }
        const out = mergeResponseHeaders(ctx, upstream);
        if (ctx.cacheStatus) out.push('x-cache', ctx.cacheStatus);
        out.push('x-gtxid', ctx.gtxid);
        res.writeHead(statusCode, out);
        res.on('drain', resume);
        return true;
      },
      onData(chunk) {
        ctx.bytesOut += chunk.length;
        capture?.add(chunk);
        return res.write(chunk);
      },
      onComplete() {
        if (clientGone) {
          target.breaker?.abandon();
          return finish('done');
        }
        res.end();
        if (capture) capture.complete = true;
        const elapsed = performance.now() - sentAt;
        if (status >= 500 || (group.slowCallMs > 0 && elapsed > group.slowCallMs))
          target.breaker?.failure(Date.now());
        else target.breaker?.success();
        finish('ok');
      },
      onError(error) {
        failed(error);
      },
    };

    // Filled in place rather than copied: an attempt starts only after the previous one has failed,
    // so undici never reads an earlier attempt's headers again.
    headers[1] = target.host;
    try {
      target.pool.dispatch(
        {
          path: target.basePath + ctx.upstreamPath + ctx.query,
          method: ctx.method as Dispatcher.HttpMethod,
          headers,
          body: hasBody ? req : null,
          headersTimeout: group.timeoutMs,
          bodyTimeout: group.timeoutMs,
        },
        handler,
      );
    } catch (error) {
      failed(error as Error);
    }
  });
}
