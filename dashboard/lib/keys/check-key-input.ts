// Parses a key body and checks what it refers to: known APIs, a known policy, and no limits the policy overrides.
import { keyInputSchema, parseOrThrow, type FieldError } from '@turnpike/common';
import type { z } from 'zod';
import { invalid } from '../http';
import { unknownApis, unknownPolicy } from '../references';

export type ParsedKeyInput = z.infer<typeof keyInputSchema>;

export async function checkKeyInput(
  body: unknown,
  options: { isNew: boolean },
): Promise<ParsedKeyInput> {
  const input = parseOrThrow(keyInputSchema, body);
  const fields: FieldError[] = [];
  if (input.policyId !== null) {
    // The gateway takes APIs, rate limit and quota from the policy; values here would be silently ignored.
    const set = (value: unknown) => value !== null && !(Array.isArray(value) && value.length === 0);
    for (const field of ['apis', 'rateLimit', 'quota'] as const) {
      if (set(input[field]))
        fields.push({ path: field, message: 'comes from the policy; leave it empty' });
    }
    fields.push(...(await unknownPolicy(input.policyId)));
  } else {
    fields.push(...(await unknownApis(input.apis)));
  }
  if (options.isNew && input.expiresAt !== null && Date.parse(input.expiresAt) <= Date.now()) {
    fields.push({ path: 'expiresAt', message: 'is in the past' });
  }
  if (fields.length > 0) throw invalid(fields);
  return input;
}
