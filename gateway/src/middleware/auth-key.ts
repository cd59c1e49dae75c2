// Authenticates API keys: Authorization (raw or Bearer) or X-API-Key, looked up by SHA-256 hash.
import { hashKey } from '@turnpike/common';
import type { RequestContext } from '../pipeline/context';
import { sendError } from '../pipeline/respond';
import { StoreUnavailableError, type Session } from '../sessions/session-store';
import type { MiddlewareFactory } from './types';

export function presentedKey(ctx: RequestContext): string | undefined {
  const headers = ctx.req.headers;
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const authorization = headers.authorization;
  if (authorization === undefined || authorization === '') return undefined;
  if (authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === 'bearer ') {
    return authorization.slice(7).trim();
  }
  return authorization.trim();
}

export const authKey: MiddlewareFactory = {
  name: 'auth-key',
  appliesTo: (api) => api.auth.type === 'key',
  create(api, services) {
    const apiId = api.id;
    return async (ctx, next) => {
      const raw = presentedKey(ctx);
      if (raw === undefined || raw === '') return sendError(ctx, 'auth.key_missing');
      if (raw.length > 512) return sendError(ctx, 'auth.key_invalid');
      let session: Session | null;
      try {
        session = await services.sessions.get(hashKey(raw));
      } catch (error) {
        if (error instanceof StoreUnavailableError) return sendError(ctx, 'store.unavailable');
        throw error;
      }
      if (session === null || !session.record.active || session.expiresAtMs <= Date.now()) {
        return sendError(ctx, 'auth.key_invalid');
      }
      const record = session.record;
      const policy = record.policyId ? services.policy(record.policyId) : undefined;
      if (record.policyId && (policy === undefined || !policy.active))
        return sendError(ctx, 'auth.forbidden');
      const apis = policy ? policy.apis : record.apis;
      if (!apis.includes(apiId)) return sendError(ctx, 'auth.forbidden');
      ctx.caller = {
        id: record.id,
        apis,
        rateLimit: policy ? policy.rateLimit : record.rateLimit,
        quota: policy ? policy.quota : record.quota,
      };
      return next();
    };
  },
};
