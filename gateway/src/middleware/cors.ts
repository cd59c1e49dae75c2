// Answers CORS at the gateway: preflights end here, simple requests get the allow headers.
import type { MiddlewareFactory } from './types';
import { sendError } from '../pipeline/respond';

export const cors: MiddlewareFactory = {
  name: 'cors',
  appliesTo: (api) => api.cors.enabled,
  create(api) {
    const config = api.cors;
    const anyOrigin = config.allowedOrigins.includes('*');
    const origins = new Set(config.allowedOrigins.map((o) => o.toLowerCase()));
    const methods = config.allowedMethods.join(', ');
    const headers = config.allowedHeaders.join(', ');
    const exposed = config.exposedHeaders.join(', ');
    const maxAge = String(config.maxAgeSeconds);

    return (ctx, next) => {
      const origin = ctx.req.headers.origin;
      ctx.responseHeaders['vary'] = 'Origin';
      if (origin === undefined) return next();
      const allowed = origins.has(origin.toLowerCase()) || anyOrigin;
      const isPreflight =
        ctx.method === 'OPTIONS' && ctx.req.headers['access-control-request-method'] !== undefined;
      if (!allowed) {
        if (isPreflight) {
          sendError(ctx, 'cors.origin_denied');
          return Promise.resolve();
        }
        return next();
      }
      // With credentials the origin is echoed, never "*" (browsers refuse it, and it would leak).
      ctx.responseHeaders['access-control-allow-origin'] =
        anyOrigin && !config.allowCredentials ? '*' : origin;
      if (config.allowCredentials) ctx.responseHeaders['access-control-allow-credentials'] = 'true';
      if (!isPreflight) {
        if (exposed) ctx.responseHeaders['access-control-expose-headers'] = exposed;
        return next();
      }
      const { res } = ctx;
      res.statusCode = 204;
      for (const name in ctx.responseHeaders) res.setHeader(name, ctx.responseHeaders[name]!);
      res.setHeader('access-control-allow-methods', methods);
      res.setHeader('access-control-allow-headers', headers);
      res.setHeader('access-control-max-age', maxAge);
      res.setHeader('x-gtxid', ctx.gtxid);
      res.end();
      return Promise.resolve();
    };
  },
};
