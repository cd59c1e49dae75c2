// The request log's page cursor: the (ts, id) of the last record shown, opaque to clients.
import { z } from 'zod';

const cursorSchema = z.tuple([z.number().int().nonnegative(), z.string().min(1).max(64)]);

export interface LogCursor {
  ts: number;
  id: string;
}

export function encodeLogCursor({ ts, id }: LogCursor): string {
  return Buffer.from(JSON.stringify([ts, id])).toString('base64url');
}

/** The cursor, or null when it is not one this endpoint issued. */
export function decodeLogCursor(cursor: string): LogCursor | null {
  try {
    const [ts, id] = cursorSchema.parse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
    );
    return { ts, id };
  } catch {
    return null;
  }
}
