// Writes the gateway's own responses: contract errors as JSON, with tracing and limit headers.
import { ERRORS, errorBodyJson, type ErrorCode } from '@turnpike/common';
import type { ServerResponse } from 'node:http';
import type { RequestContext } from './context';

export function sendError(
  ctx: RequestContext,
  code: ErrorCode,
  extraHeaders?: Record<string, string>,
): void {
  ctx.errorCode = code;
  const { res } = ctx;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errorBodyJson(code, ctx.gtxid);
  const length = Buffer.byteLength(body);
  res.statusCode = ERRORS[code].status;
  for (const name in ctx.responseHeaders) res.setHeader(name, ctx.responseHeaders[name]!);
  if (extraHeaders) for (const name in extraHeaders) res.setHeader(name, extraHeaders[name]!);
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', length);
  res.setHeader('x-gtxid', ctx.gtxid);
  ctx.bytesOut = length;
  res.end(body);
}

/** A response for a request that matched no API (no context yet). */
export function sendBareError(res: ServerResponse, code: ErrorCode, gtxid: string): void {
  const body = errorBodyJson(code, gtxid);
  res.writeHead(ERRORS[code].status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-gtxid': gtxid,
  });
  res.end(body);
}

/**
 * The upstream's response headers with the gateway's own laid over them: a header the gateway sets
 * replaces the upstream's (Vary is merged), and an API with CORS enabled drops the upstream's
 * Access-Control-* headers so a browser never sees two answers.
 */
export function mergeResponseHeaders(ctx: RequestContext, upstream: readonly string[]): string[] {
  const own = ctx.responseHeaders;
  let hasOwn = false;
  for (const _name in own) {
    hasOwn = true;
    break;
  }
  const dropCors = ctx.definition.cors.enabled;
  if (!hasOwn && !dropCors) return upstream.slice();
  const out: string[] = [];
  let vary = own['vary'];
  for (let i = 0; i < upstream.length; i += 2) {
    const name = upstream[i]!.toLowerCase();
    if (dropCors && name.startsWith('access-control-')) continue;
    if (name === 'vary' && vary !== undefined) {
      vary = `${upstream[i + 1]}, ${vary}`;
      continue;
    }
    if (Object.hasOwn(own, name)) continue;
    out.push(upstream[i]!, upstream[i + 1]!);
  }
  for (const name in own) out.push(name, name === 'vary' ? vary! : own[name]!);
  return out;
}
