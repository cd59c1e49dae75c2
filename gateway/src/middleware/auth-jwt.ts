// Authenticates JWTs with jose: algorithms pinned per API, static key or cached JWKS, claims select a policy.
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { JwtAuthConfig } from '@turnpike/common';
import type { Next, RequestContext } from '../pipeline/context';
import { sendError } from '../pipeline/respond';
import type { MiddlewareFactory } from './types';

const CLOCK_TOLERANCE_S = 5;

export interface RemoteKeySetOptions {
  /** How long a fetched JWKS is used before it is fetched again. */
  maxAgeMs: number;
  /** How soon a token naming an unknown key may make the JWKS be fetched again. */
  cooldownMs: number;
  /** How long after a failed fetch no new fetch is tried. */
  retryMs: number;
  timeoutMs: number;
}

const JWKS_DEFAULTS: RemoteKeySetOptions = {
  maxAgeMs: 10 * 60_000,
  cooldownMs: 30_000,
  retryMs: 5_000,
  timeoutMs: 5_000,
};

/** The JWKS could not be fetched and no earlier copy is known: the caller gets a 503, not a 401. */
export class JwksUnavailableError extends Error {}

/** Errors of fetching the JWKS itself (network, timeout, non-200, not a key set), not of the token. */
function isFetchFailure(error: unknown): boolean {
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') ||
    (error instanceof TypeError && error.message === 'fetch failed')
  );
}

/**
 * Keys from a JWKS URL, cached by jose, with two additions: a failed fetch is not retried for
 * `retryMs` (an identity provider's outage must not turn every request into a fetch), and when a
 * refresh fails the keys fetched last keep verifying tokens (stale-if-error).
 */
export function remoteKeySet(
  url: URL,
  options: RemoteKeySetOptions = JWKS_DEFAULTS,
): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, {
    cacheMaxAge: options.maxAgeMs,
    cooldownDuration: options.cooldownMs,
    timeoutDuration: options.timeoutMs,
  });
  let failedAt = -Infinity;
  let stale: JWTVerifyGetKey | null = null;
  return async (header, token) => {
    if (Date.now() - failedAt < options.retryMs) {
      if (stale) return stale(header, token);
      throw new JwksUnavailableError();
    }
    try {
      const key = await remote(header, token);
      stale = null;
      return key;
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
      failedAt = Date.now();
      const last = remote.jwks();
      if (last === undefined) throw new JwksUnavailableError();
      stale = createLocalJWKSet(last);
      return stale(header, token);
    }
  };
}

function verificationKey(auth: JwtAuthConfig): KeyObject | JWTVerifyGetKey {
  if (auth.secret !== undefined) return createSecretKey(Buffer.from(auth.secret, 'utf8'));
  if (auth.publicKey !== undefined) return createPublicKey(auth.publicKey);
  return remoteKeySet(new URL(auth.jwksUrl!));
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.length <= 7) return undefined;
  if (authorization.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  return authorization.slice(7).trim();
}

export const authJwt: MiddlewareFactory = {
  name: 'auth-jwt',
  appliesTo: (api) => api.auth.type === 'jwt',
  create(api, services) {
    const auth = api.auth as JwtAuthConfig;
    const key = verificationKey(auth);
    const options = {
      algorithms: [...auth.algorithms],
      issuer: auth.issuer,
      audience: auth.audience,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp'],
    };
    // Verified tokens by their exact text: a signature checked once stays checked until the token
    // expires, so repeat callers skip the cryptography. The cache lives with this chain, so a new
    // key or secret (a reload builds a new chain) starts it empty.
    const verified = new Map<string, VerifiedToken>();
    return async (ctx, next) => {
      const token = bearerToken(ctx.req.headers.authorization);
      if (token === undefined || token === '') return sendError(ctx, 'auth.key_missing');
      const now = Date.now();
      const known = verified.get(token);
      if (known !== undefined && known.untilMs > now) return admit(ctx, next, known);
      let payload: JWTPayload;
      try {
        // Overloads differ for a key and a key getter; both take the same options.
        payload =
          typeof key === 'function'
            ? (await jwtVerify(token, key, options)).payload
            : (await jwtVerify(token, key, options)).payload;
      } catch (error) {
        return sendError(
          ctx,
          error instanceof JwksUnavailableError ? 'store.unavailable' : 'auth.key_invalid',
        );
      }
      const subject = payload[auth.subjectClaim];
      if (typeof subject !== 'string' || subject === '' || subject.length > 256) {
        return sendError(ctx, 'auth.key_invalid');
      }
      const claimed = payload[auth.policyClaim];
      const entry: VerifiedToken = {
        // Scoped by issuer: the same subject from two issuers is two callers with their own limits.
        callerId:
          typeof payload.iss === 'string' ? `jwt:${payload.iss}:${subject}` : `jwt:${subject}`,
        policyId: typeof claimed === 'string' ? claimed : auth.defaultPolicyId,
        untilMs: Math.min((payload.exp ?? 0) * 1000, now + VERIFIED_TTL_MS),
      };
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(token, entry);
      return admit(ctx, next, entry);
    };

    function admit(ctx: RequestContext, next: Next, entry: VerifiedToken): Promise<void> {
      const policyId = entry.policyId;
      const policy = policyId !== undefined ? services.policy(policyId) : undefined;
      const refused =
        (policyId !== undefined && (policy === undefined || !policy.active)) ||
        (policy !== undefined && policy.apis.length > 0 && !policy.apis.includes(api.id));
      if (refused) {
        sendError(ctx, 'auth.forbidden');
        return Promise.resolve();
      }
      ctx.caller = {
        id: entry.callerId,
        apis: policy ? policy.apis : null,
        rateLimit: policy ? policy.rateLimit : null,
        quota: policy ? policy.quota : null,
      };
      return next();
    }
  },
};

interface VerifiedToken {
  callerId: string;
  policyId: string | undefined;
  untilMs: number;
}

const VERIFIED_TTL_MS = 5 * 60_000;
const VERIFIED_MAX = 50_000;
