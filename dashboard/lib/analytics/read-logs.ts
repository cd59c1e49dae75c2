// GET /api/logs: the request log, newest first, filtered, one page at a time by a stable cursor.
import { analyticsRecordSchema, parseOrThrow, type AnalyticsRecord } from '@turnpike/common';
import type { Db, Filter } from 'mongodb';
import { z } from 'zod';
import { decodeLogCursor, encodeLogCursor } from './log-cursor';
import { checkOrder, filterIdSchema, instantSchema } from './query-params';

export const logsQuerySchema = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    apiId: filterIdSchema.optional(),
    keyId: filterIdSchema.optional(),
    /** One status ("404") or a class ("5xx"). */
    status: z
      .string()
      .regex(/^[1-5](\d\d|xx)$/, 'a status like 404, or a class like 5xx')
      .optional(),
    gtxid: z.string().min(1).max(128).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .max(200)
      .transform((value, ctx) => {
        const cursor = decodeLogCursor(value);
        if (cursor === null) {
          ctx.addIssue({ code: 'custom', message: 'not a cursor from a previous page' });
          return z.NEVER;
        }
        return cursor;
      })
      .optional(),
  })
  .superRefine(checkOrder);

export interface LogPage {
  items: AnalyticsRecord[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

type RawRecordDocument = Omit<AnalyticsRecord, 'id'> & { _id: string };

export async function readLogs(db: Db, input: Record<string, string>): Promise<LogPage> {
  const query = parseOrThrow(logsQuerySchema, input);
  const filter: Filter<RawRecordDocument> = {};
  if (query.from !== undefined || query.to !== undefined) {
    filter.ts = {
      ...(query.from !== undefined && { $gte: query.from }),
      ...(query.to !== undefined && { $lt: query.to }),
    };
  }
  if (query.apiId !== undefined) filter.apiId = query.apiId;
  if (query.keyId !== undefined) filter.keyId = query.keyId;
  if (query.gtxid !== undefined) filter.gtxid = query.gtxid;
  if (query.status !== undefined) {
    const klass = query.status.endsWith('xx') ? Number(query.status[0]) * 100 : null;
    filter.status = klass === null ? Number(query.status) : { $gte: klass, $lt: klass + 100 };
  }
  // Newest first by (ts, id): a record that arrives later either sorts before the cursor (a page
  // already passed) or after it, so pages never repeat or skip a record already stored.
  if (query.cursor) {
    const { ts, id } = query.cursor;
    filter.$or = [{ ts: { $lt: ts } }, { ts, _id: { $lt: id } }];
  }
  const documents = await db
    .collection<RawRecordDocument>('analytics')
    .find(filter)
    .sort({ ts: -1, _id: -1 })
    .limit(query.limit + 1)
    .toArray();
  const items = documents
    .slice(0, query.limit)
    .map(({ _id, ...record }) => analyticsRecordSchema.parse({ ...record, id: _id }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: documents.length > query.limit && last ? encodeLogCursor(last) : null,
  };
}
