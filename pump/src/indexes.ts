// Indexes for the request log's queries, created at start.
import type { Db } from 'mongodb';
import type { PumpCollections } from './collections';

/**
 * On MongoDB the request log filters by time, API, key, status and gtxid, newest first. FerretDB
 * 1.24 (SQLite) uses no secondary index for any query, and they cost inserts dearly (measured:
 * 12,400 -> 6,600 records/s with four of them), so on FerretDB they are left out.
 */
export async function ensureIndexes(
  db: Db,
  collections: PumpCollections,
): Promise<'created' | 'skipped'> {
  const info = await db.admin().command({ buildInfo: 1 });
  if (typeof info.ferretdbVersion === 'string') return 'skipped';
  await collections.raw.createIndexes([
    { key: { ts: -1, _id: -1 }, name: 'ts_desc' },
    { key: { apiId: 1, ts: -1, _id: -1 }, name: 'api_ts_desc' },
    { key: { keyId: 1, ts: -1, _id: -1 }, name: 'key_ts_desc' },
    { key: { status: 1, ts: -1, _id: -1 }, name: 'status_ts_desc' },
    { key: { gtxid: 1 }, name: 'gtxid' },
  ]);
  return 'created';
}
