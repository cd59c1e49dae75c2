// The API list: searched by name, id or listen path, filtered by status, one page at a time.
import type { Filter } from 'mongodb';
import { z } from 'zod';
import { parseOrThrow } from '@turnpike/common';
import { escapeRegex } from '../search';
import { apis, toStoredApi, type ApiDocument, type StoredApi } from './store';

export const listApisQuerySchema = z.object({
  q: z.string().trim().max(200).default(''),
  status: z.enum(['all', 'active', 'inactive']).default('all'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListApisQuery = z.input<typeof listApisQuerySchema>;

export interface ApiPage {
  items: StoredApi[];
  total: number;
  limit: number;
  offset: number;
}

export async function listApis(query: ListApisQuery): Promise<ApiPage> {
  const { q, status, limit, offset } = parseOrThrow(listApisQuerySchema, query);
  const filter: Filter<ApiDocument> = {};
  if (status !== 'all') filter.active = status === 'active';
  if (q !== '') {
    const pattern = { $regex: escapeRegex(q), $options: 'i' };
    filter.$or = [{ name: pattern }, { _id: pattern }, { listenPath: pattern }];
  }
  const [docs, total] = await Promise.all([
    apis().find(filter).sort({ name: 1, _id: 1 }).skip(offset).limit(limit).toArray(),
    apis().countDocuments(filter),
  ]);
  return { items: docs.map(toStoredApi), total, limit, offset };
}
