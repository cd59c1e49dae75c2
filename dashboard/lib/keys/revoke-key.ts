// Revoking a key: deleted from MongoDB first, then its Redis session and counters, then every gateway told.
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { keyNames, redis } from '../db';
import { keyChanged } from '../events';
import { getKeyRecord, keys, saveSession, toKeyDocument } from './store';

export async function revokeKey(id: string, actor: Actor): Promise<void> {
  const before = await getKeyRecord(id);
  const names = keyNames();
  const restore = async () => {
    await keys().insertOne(toKeyDocument(before));
    await saveSession(before);
  };
  await applyChange({
    write: async () => {
      // MongoDB first: a gateway that misses Redis falls back to MongoDB and must find nothing there.
      await keys().deleteOne({ _id: id });
      try {
        await redis().del(names.session(before.hash), names.quota(id), names.rateLimit('key', id));
      } catch (error) {
        await restore().catch(() => undefined);
        throw error;
      }
    },
    undo: restore,
    audit: { actor, action: 'key.delete', resource: { type: 'key', id }, before, after: null },
    notify: () => keyChanged(before.hash),
  });
}
