// JSON Schemas for the OpenAPI document, generated from the same zod schemas the routes parse with.
import {
  analyticsRecordSchema,
  apiDefinitionSchema,
  keyInputSchema,
  keyRecordSchema,
  policySchema,
} from '@turnpike/common';
import { z } from 'zod';
import { loginSchema } from '../auth/login';
import { ROLES } from '../auth/roles';
import { newUserSchema, userChangeSchema } from '../users/schemas';

type JsonSchema = Record<string, unknown>;

function input(schema: z.ZodType): JsonSchema {
  return strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
}

function output(schema: z.ZodType): JsonSchema {
  return strip(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
}

function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

const stamps = { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };
const publicKeySchema = keyRecordSchema.omit({ hash: true });
const adminUserSchema = z.object({
  id: z.string(),
  email: z.email(),
  name: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  lastLoginAt: z.iso.datetime().nullable(),
});
const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
const analyticsPointSchema = z.object({
  ts: z.number().int().optional(),
  hits: z.number(),
  errors: z.number(),
  status2xx: z.number(),
  status3xx: z.number(),
  status4xx: z.number(),
  status5xx: z.number(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  latencyP99Ms: z.number().nullable(),
  bytesIn: z.number(),
  bytesOut: z.number(),
});

export function componentSchemas(): Record<string, JsonSchema> {
  return {
    ApiDefinitionInput: input(apiDefinitionSchema),
    Api: output(apiDefinitionSchema.extend(stamps)),
    PolicyInput: input(policySchema),
    Policy: output(policySchema.extend(stamps)),
    KeyInput: input(keyInputSchema),
    Key: output(publicKeySchema),
    IssuedKey: output(
      publicKeySchema.extend({
        key: z.string().describe('The raw key: shown in this answer only'),
      }),
    ),
    NewUser: input(newUserSchema),
    UserChange: input(userChangeSchema),
    User: output(adminUserSchema),
    Login: input(loginSchema),
    AnalyticsRecord: output(analyticsRecordSchema),
    AnalyticsPoint: output(analyticsPointSchema),
    Error: output(
      z.object({
        error: z.object({
          code: z.string(),
          message: z.string(),
          fields: z.array(fieldErrorSchema).optional(),
        }),
      }),
    ),
  };
}
