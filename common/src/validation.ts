// Turns zod failures into the field list every boundary answers with.
import type { z } from 'zod';
import { TurnpikeError, type FieldError } from './errors';

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parses or throws a `validation.failed` error listing every failing field path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new TurnpikeError('validation.failed', fieldErrors(result.error));
  return result.data;
}
