// Changing a key's settings (alias, access, limits, expiry, active); its raw value and hash stay.
import { keyRecordSchema } from '@turnpike/common';
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { keyChanged } from '../events';
import { checkKeyInput } from './check-key-input';
import { getKeyRecord, keys, publicKey, saveSession, toKeyDocument, type PublicKey } from './store';

export async function updateKey(id: string, body: unknown, actor: Actor): Promise<PublicKey> {
  const input = await checkKeyInput(body, { isNew: false });
  const before = await getKeyRecord(id);
  const after = keyRecordSchema.parse({
    ...input,
    id,
    hash: before.hash,
    createdAt: before.createdAt,
    updatedAt: new Date().toISOString(),
  });
  const restore = async () => {
    await keys().replaceOne({ _id: id }, toKeyDocument(before));
    await saveSession(before);
  };
  await applyChange({
    write: async () => {
      await keys().replaceOne({ _id: id }, toKeyDocument(after));
      try {
        await saveSession(after);
      } catch (error) {
        await restore().catch(() => undefined);
        throw error;
      }
    },
    undo: restore,
    audit: { actor, action: 'key.update', resource: { type: 'key', id }, before, after },
    notify: () => keyChanged(after.hash),
  });
  return publicKey(after);
}

/** Turns a key on or off, keeping everything else. */
export async function setKeyActive(id: string, active: boolean, actor: Actor): Promise<PublicKey> {
  const { id: _id, hash: _hash, createdAt: _c, updatedAt: _u, ...input } = await getKeyRecord(id);
  return updateKey(id, { ...input, active }, actor);
}
