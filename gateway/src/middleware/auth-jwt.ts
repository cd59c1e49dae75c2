// Authenticates JWTs with jose: algorithms pinned per API, static key or cached JWKS, claims select a policy.
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { JwtAuthConfig } from '@turnpike/common';
import { sendError } from '../pipeline/respond';
import type { MiddlewareFactory } from './types';

const CLOCK_TOLERANCE_S = 5;

function verificationKey(auth: JwtAuthConfig): KeyObject | JWTVerifyGetKey {
  if (auth.secret !== undefined) return createSecretKey(Buffer.from(auth.secret, 'utf8'));
  if (auth.publicKey !== undefined) return createPublicKey(auth.publicKey);
  return createRemoteJWKSet(new URL(auth.jwksUrl!), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
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
    return async (ctx, next) => {
      const token = bearerToken(ctx.req.headers.authorization);
      if (token === undefined || token === '') return sendError(ctx, 'auth.key_missing');
      let payload: JWTPayload;
      try {
        // Overloads differ for a key and a key getter; both take the same options.
        payload =
          typeof key === 'function'
            ? (await jwtVerify(token, key, options)).payload
            : (await jwtVerify(token, key, options)).payload;
      } catch {
        return sendError(ctx, 'auth.key_invalid');
      }
      const subject = payload[auth.subjectClaim];
      if (typeof subject !== 'string' || subject === '' || subject.length > 256) {
        return sendError(ctx, 'auth.key_invalid');
      }
      const claimed = payload[auth.policyClaim];
      const policyId = typeof claimed === 'string' ? claimed : auth.defaultPolicyId;
      const policy = policyId !== undefined ? services.policy(policyId) : undefined;
      if (policyId !== undefined && (policy === undefined || !policy.active)) return sendError(ctx, 'auth.forbidden');
      if (policy && policy.apis.length > 0 && !policy.apis.includes(api.id)) return sendError(ctx, 'auth.forbidden');
      ctx.caller = {
        id: `jwt:${subject}`,
        apis: policy ? policy.apis : null,
        rateLimit: policy ? policy.rateLimit : null,
        quota: policy ? policy.quota : null,
      };
      return next();
    };
  },
};
