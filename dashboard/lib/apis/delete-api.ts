// Deleting an API: the gateways stop serving it and drop its cached responses.
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { invalidateApiIndex } from './api-index';
import { configChanged, publishEvent } from '../events';
import { getApi } from './get-api';
import { apis, definitionOf, toDocument } from './store';

export async function deleteApi(id: string, actor: Actor): Promise<void> {
  const before = await getApi(id);
  await applyChange({
    write: async () => void (await apis().deleteOne({ _id: id })),
    undo: async () =>
      void (await apis().insertOne(
        toDocument(definitionOf(before), before.createdAt, before.updatedAt),
      )),
    audit: {
      actor,
      action: 'api.delete',
      resource: { type: 'api', id },
      before: definitionOf(before),
      after: null,
    },
    notify: async () => {
      await configChanged();
      await publishEvent({ type: 'cache.purge', apiId: id });
    },
  }).finally(invalidateApiIndex);
}
