// Creating an API: parsed with the shared schema, checked for listen-path conflicts, saved, announced.
import { apiDefinitionSchema, parseOrThrow } from '@turnpike/common';
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { invalidateApiIndex } from './api-index';
import { configChanged } from '../events';
import { conflict } from '../http';
import { isDuplicateKey } from '../store-errors';
import { assertNoListenPathConflict } from './listen-path-conflicts';
import { apis, toDocument, type StoredApi } from './store';

export async function createApi(body: unknown, actor: Actor): Promise<StoredApi> {
  const api = parseOrThrow(apiDefinitionSchema, body);
  await assertNoListenPathConflict(api);
  const now = new Date().toISOString();
  const stored: StoredApi = { ...api, createdAt: now, updatedAt: now };
  await applyChange({
    write: async () => {
      try {
        await apis().insertOne(toDocument(api, now, now));
      } catch (error) {
        if (isDuplicateKey(error))
          throw conflict('id', `an API with id "${api.id}" already exists`);
        throw error;
      }
    },
    undo: async () => void (await apis().deleteOne({ _id: api.id })),
    audit: {
      actor,
      action: 'api.create',
      resource: { type: 'api', id: api.id },
      before: null,
      after: api,
    },
    notify: configChanged,
  }).finally(invalidateApiIndex);
  return stored;
}
