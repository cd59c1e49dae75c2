// The API definition: the one schema the dashboard saves, the gateway loads and the pump trusts.
import { z } from 'zod';
import { normaliseListenPath } from './paths';

export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, "-" and "_", at most 64');

export const rateLimitSchema = z.object({
  rate: z.number().int().min(1).max(1_000_000_000),
  per: z.number().positive().max(31_536_000),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

const httpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[^/?#\s]+/i.test(value) && URL.canParse(value), {
    message: 'an http:// or https:// URL',
  });

const hostnamePattern =
  /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*(:\d{1,5})?$/;

export const upstreamTargetSchema = z.object({
  url: httpUrl,
  weight: z.number().int().min(1).max(1000).default(1),
});

export const healthCheckSchema = z.object({
  path: z.string().startsWith('/').default('/health'),
  intervalMs: z.number().int().min(100).max(3_600_000).default(5000),
  timeoutMs: z.number().int().min(10).max(60_000).default(2000),
  unhealthyThreshold: z.number().int().min(1).max(100).default(2),
  healthyThreshold: z.number().int().min(1).max(100).default(1),
});

export const circuitBreakerSchema = z.object({
  failureThreshold: z.number().int().min(1).max(10_000).default(5),
  resetAfterMs: z.number().int().min(100).max(3_600_000).default(10_000),
  /** A response slower than this counts as a failure; 0 disables the check. */
  slowCallMs: z.number().int().min(0).max(600_000).default(0),
});

export const upstreamSchema = z.object({
  targets: z.array(upstreamTargetSchema).min(1, 'at least one target'),
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  retries: z.number().int().min(0).max(5).default(0),
  healthCheck: healthCheckSchema.nullable().default(null),
  circuitBreaker: circuitBreakerSchema.nullable().default(null),
});

export const jwtAlgorithms = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'PS256',
] as const;

export const jwtAuthSchema = z
  .object({
    type: z.literal('jwt'),
    algorithms: z.array(z.enum(jwtAlgorithms)).min(1, 'pin at least one algorithm'),
    /** HS* shared secret. */
    secret: z.string().min(32, 'at least 32 characters').optional(),
    /** RSA, EC or PSS public key (SPKI PEM). */
    publicKey: z
      .string()
      .includes('BEGIN PUBLIC KEY', { message: 'an SPKI PEM public key' })
      .optional(),
    jwksUrl: httpUrl.optional(),
    issuer: z.string().min(1).optional(),
    audience: z.string().min(1).optional(),
    /** Claim whose value names the policy that sets rate limit and quota. */
    policyClaim: z.string().min(1).default('pol'),
    /** Claim that identifies the caller in analytics and per-caller limits. */
    subjectClaim: z.string().min(1).default('sub'),
    /** Policy applied when the token names none. */
    defaultPolicyId: idSchema.optional(),
  })
  .superRefine((auth, ctx) => {
    const sources = [auth.secret, auth.publicKey, auth.jwksUrl].filter((v) => v !== undefined);
    if (sources.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: 'exactly one of secret, publicKey or jwksUrl',
      });
      return;
    }
    const symmetric = auth.algorithms.filter((a) => a.startsWith('HS'));
    if (auth.secret !== undefined && symmetric.length !== auth.algorithms.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['algorithms'],
        message: 'a secret pins HS* algorithms only',
      });
    }
    if (auth.secret === undefined && symmetric.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['algorithms'],
        message: 'HS* algorithms need a secret',
      });
    }
  });

export const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('keyless') }),
  z.object({ type: z.literal('key') }),
  jwtAuthSchema,
]);
export type AuthConfig = z.infer<typeof authSchema>;
export type JwtAuthConfig = z.infer<typeof jwtAuthSchema>;

export const cacheSchema = z.object({
  enabled: z.boolean().default(false),
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(86_400 * 30)
    .default(60),
  maxEntryBytes: z
    .number()
    .int()
    .min(1)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  varyHeaders: z.array(z.string().regex(/^[A-Za-z0-9-]+$/)).default([]),
});

export const corsSchema = z
  .object({
    enabled: z.boolean().default(false),
    allowedOrigins: z.array(z.string().min(1)).default(['*']),
    allowedMethods: z
      .array(z.string().regex(/^[A-Z]+$/))
      .default(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
    allowedHeaders: z
      .array(z.string().regex(/^[A-Za-z0-9-]+$/))
      .default(['Authorization', 'Content-Type', 'X-API-Key']),
    exposedHeaders: z.array(z.string().regex(/^[A-Za-z0-9-]+$/)).default([]),
    allowCredentials: z.boolean().default(false),
    maxAgeSeconds: z.number().int().min(0).max(86_400).default(600),
  })
  .refine((c) => !(c.allowCredentials && c.allowedOrigins.includes('*')), {
    path: ['allowedOrigins'],
    message: 'name the origins when credentials are allowed ("*" would trust every site)',
  });

const cidrPattern = /^([0-9.]+|[0-9a-fA-F:.]+)(\/\d{1,3})?$/;
export const cidrSchema = z
  .string()
  .regex(cidrPattern, 'an IPv4 or IPv6 address or CIDR')
  .refine(isValidCidr, {
    message: 'an IPv4 or IPv6 address or CIDR',
  });

export const apiDefinitionSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(200),
  active: z.boolean().default(true),
  internal: z.boolean().default(false),
  listenPath: z
    .string()
    .startsWith('/', 'starts with /')
    .max(512)
    .refine((p) => normaliseListenPath(p) !== null, {
      message: 'a plain path without "..", "." or encoded separators',
    }),
  stripListenPath: z.boolean().default(true),
  hosts: z.array(z.string().regex(hostnamePattern, 'a host name')).default([]),
  upstream: upstreamSchema,
  auth: authSchema.default({ type: 'keyless' }),
  rateLimit: rateLimitSchema.nullable().default(null),
  cache: cacheSchema.default(() => cacheSchema.parse({})),
  cors: corsSchema.default(() => corsSchema.parse({})),
  ipAllowList: z.array(cidrSchema).default([]),
  ipDenyList: z.array(cidrSchema).default([]),
});
export type ApiDefinition = z.infer<typeof apiDefinitionSchema>;
export type ApiDefinitionInput = z.input<typeof apiDefinitionSchema>;

function isValidCidr(value: string): boolean {
  const [address, bits] = value.split('/');
  if (address === undefined) return false;
  const isV4 =
    /^\d{1,3}(\.\d{1,3}){3}$/.test(address) && address.split('.').every((o) => Number(o) <= 255);
  const isV6 = !isV4 && address.includes(':') && URL.canParse(`http://[${address}]/`);
  if (!isV4 && !isV6) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (isV4 ? 32 : 128);
}
