// The key list: newest first, searched by alias, owner e-mail or id, paged with a cursor.
import { parseOrThrow } from '@turnpike/common';
import type { Filter } from 'mongodb';
import { z } from 'zod';
import { escapeRegex } from '../search';
import { keys, publicKey, toKeyRecord, type KeyDocument, type PublicKey } from './store';

export const listKeysQuerySchema = z.object({
  q: z.string().trim().max(200).default(''),
  status: z.enum(['all', 'active', 'inactive']).default('all'),
  apiId: z.string().max(64).optional(),
  policyId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The id of the last key of the previous page. */
  cursor: z.string().max(64).optional(),
});
export type ListKeysQuery = z.input<typeof listKeysQuerySchema>;

export interface KeyPage {
  items: PublicKey[];
  total: number;
  nextCursor: string | null;
}

export async function listKeys(query: ListKeysQuery): Promise<KeyPage> {
  const { q, status, apiId, policyId, limit, cursor } = parseOrThrow(listKeysQuerySchema, query);
  const filter: Filter<KeyDocument> = {};
  if (status !== 'all') filter.active = status === 'active';
  if (apiId) filter.apis = apiId;
  if (policyId) filter.policyId = policyId;
  if (q !== '') {
    const pattern = { $regex: escapeRegex(q), $options: 'i' };
    filter.$or = [{ alias: pattern }, { ownerEmail: pattern }, { _id: pattern }];
  }
  const page = cursor ? { ...filter, _id: { $lt: cursor } } : filter;
  const [docs, total] = await Promise.all([
    keys()
      .find(page)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .toArray(),
    keys().countDocuments(filter),
  ]);
  const items = docs.slice(0, limit).map((doc) => publicKey(toKeyRecord(doc)));
  return { items, total, nextCursor: docs.length > limit ? (items.at(-1)?.id ?? null) : null };
}
