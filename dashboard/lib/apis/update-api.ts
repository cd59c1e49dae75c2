// Replacing an API's definition (the id stays); the same checks as creating, then the gateways reload.
import { apiDefinitionSchema, parseOrThrow } from '@turnpike/common';
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { invalidateApiIndex } from './api-index';
import { configChanged } from '../events';
import { invalid } from '../http';
import { getApi } from './get-api';
import { assertNoListenPathConflict } from './listen-path-conflicts';
import { apis, definitionOf, toDocument, type StoredApi } from './store';

export async function updateApi(id: string, body: unknown, actor: Actor): Promise<StoredApi> {
  const draft = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  if ('id' in draft && draft.id !== id)
    throw invalid([{ path: 'id', message: 'an API keeps its id; create a new API instead' }]);
  const api = parseOrThrow(apiDefinitionSchema, { ...draft, id });
  const before = await getApi(id);
  await assertNoListenPathConflict(api);
  const now = new Date().toISOString();
  await applyChange({
    write: async () =>
      void (await apis().replaceOne({ _id: id }, toDocument(api, before.createdAt, now))),
    undo: async () =>
      void (await apis().replaceOne(
        { _id: id },
        toDocument(definitionOf(before), before.createdAt, before.updatedAt),
      )),
    audit: {
      actor,
      action: 'api.update',
      resource: { type: 'api', id },
      before: definitionOf(before),
      after: api,
    },
    notify: configChanged,
  }).finally(invalidateApiIndex);
  return { ...api, createdAt: before.createdAt, updatedAt: now };
}
