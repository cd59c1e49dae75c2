// The API list: searched by name, id or listen path, filtered by status, one page at a time.
import { parseOrThrow } from '@turnpike/common';
import { z } from 'zod';
import { allApis } from './api-index';
import type { StoredApi } from './store';

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
  const needle = q.toLowerCase();
  const matching = (await allApis()).filter(
    (api) =>
      (status === 'all' || api.active === (status === 'active')) &&
      (needle === '' ||
        api.name.toLowerCase().includes(needle) ||
        api.id.toLowerCase().includes(needle) ||
        api.listenPath.toLowerCase().includes(needle)),
  );
  return { items: matching.slice(offset, offset + limit), total: matching.length, limit, offset };
}
