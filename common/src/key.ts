// Keys, policies and the session the gateway enforces: schemas shared by all three services.
import { z } from 'zod';
import { idSchema, rateLimitSchema } from './api-definition';

export const quotaSchema = z.object({
  max: z.number().int().min(1).max(1_000_000_000_000),
  renewalSeconds: z
    .number()
    .int()
    .min(1)
    .max(31_536_000 * 10),
});
export type Quota = z.infer<typeof quotaSchema>;

const isoDate = z.iso.datetime({ offset: true });

export const policySchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(200),
  active: z.boolean().default(true),
  apis: z.array(idSchema).default([]),
  rateLimit: rateLimitSchema.nullable().default(null),
  quota: quotaSchema.nullable().default(null),
});
export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

/** What an admin sends to create or change a key (the raw key is never part of it). */
export const keyInputSchema = z.object({
  alias: z.string().trim().min(1).max(200),
  ownerEmail: z.email().optional(),
  apis: z.array(idSchema).default([]),
  policyId: idSchema.nullable().default(null),
  rateLimit: rateLimitSchema.nullable().default(null),
  quota: quotaSchema.nullable().default(null),
  expiresAt: isoDate.nullable().default(null),
  active: z.boolean().default(true),
});
export type KeyInput = z.input<typeof keyInputSchema>;

/**
 * A key as stored (MongoDB `keys`) and as cached by the gateway (Redis, by hash).
 * `hash` is the SHA-256 of the raw key; the raw key itself is stored nowhere.
 */
export const keyRecordSchema = keyInputSchema.extend({
  id: z.string().regex(/^k_[A-Za-z0-9]{8,40}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: isoDate,
  updatedAt: isoDate.optional(),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

/** Declarative mode carries raw keys; the gateway hashes them on load. */
export const declarativeKeySchema = keyInputSchema.extend({
  id: z.string().regex(/^k_[A-Za-z0-9]{8,40}$/),
  key: z.string().min(16, 'at least 16 characters'),
});
