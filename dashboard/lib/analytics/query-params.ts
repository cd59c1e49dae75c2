// Query parameters shared by the analytics and request-log endpoints: instants, ids.
import { z } from 'zod';

/** A point in time: ISO 8601 with offset, or epoch milliseconds. */
export const instantSchema = z.string().transform((value, ctx) => {
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms) || !/^\d{1,15}$|T.*(Z|[+-]\d\d:?\d\d)$/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'an ISO 8601 time with offset, or epoch milliseconds',
    });
    return z.NEVER;
  }
  return ms;
});

export const filterIdSchema = z.string().min(1).max(64);

/** Reports `to` not after `from` on the `to` field. */
export function checkOrder(range: { from?: number; to?: number }, ctx: z.RefinementCtx): void {
  if (range.from !== undefined && range.to !== undefined && range.to <= range.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  }
}
