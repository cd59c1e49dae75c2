// Rate limits (per key and per API) and quota (per key), checked and counted in one Redis round trip.
import type { MiddlewareFactory } from './types';
import type { QuotaSpec, RateSpec } from '../limits/limiter';
import { sendError } from '../pipeline/respond';

const seconds = (ms: number) => String(Math.ceil(ms / 1000));

export const limits: MiddlewareFactory = {
  name: 'limits',
  appliesTo: (api) => api.rateLimit !== null || api.auth.type !== 'keyless',
  create(api, services) {
    const apiRate: RateSpec | null = api.rateLimit
      ? {
          key: services.keys.rateLimit('api', api.id),
          rate: api.rateLimit.rate,
          perMs: api.rateLimit.per * 1000,
        }
      : null;
    return async (ctx, next) => {
      const caller = ctx.caller;
      const rates: RateSpec[] = apiRate ? [apiRate] : [];
      if (caller?.rateLimit) {
        rates.push({
          key: services.keys.rateLimit('key', caller.id),
          rate: caller.rateLimit.rate,
          perMs: caller.rateLimit.per * 1000,
        });
      }
      const quota: QuotaSpec | null = caller?.quota
        ? {
            key: services.keys.quota(caller.id),
            max: caller.quota.max,
            renewalMs: caller.quota.renewalSeconds * 1000,
          }
        : null;
      if (rates.length === 0 && quota === null) return next();

      let result;
      try {
        result = await services.limiter.check(rates, quota);
      } catch {
        services.metrics.redisError();
        return sendError(ctx, 'store.unavailable');
      }
      const headers = ctx.responseHeaders;
      if (result.rates.length > 0) {
        // The tightest limit is the one the caller needs to know about.
        let tightest = result.rates[0]!;
        for (const state of result.rates)
          if (state.remaining < tightest.remaining) tightest = state;
        headers['x-ratelimit-limit'] = String(tightest.limit);
        headers['x-ratelimit-remaining'] = String(tightest.remaining);
        headers['x-ratelimit-reset'] = seconds(tightest.resetMs);
      }
      if (result.quota) {
        headers['x-quota-limit'] = String(result.quota.limit);
        headers['x-quota-remaining'] = String(result.quota.remaining);
        headers['x-quota-reset'] = seconds(result.quota.resetMs);
      }
      if (!result.allowed) {
        const retryAfter = String(Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
        return sendError(
          ctx,
          result.denied === 'quota' ? 'quota.exceeded' : 'rate_limit.exceeded',
          {
            'retry-after': retryAfter,
          },
        );
      }
      return next();
    };
  },
};
