// Issuing a key: a new raw key is made, only its hash is stored (MongoDB and Redis), the raw value returned once.
import { generateRawKey, hashKey, keyRecordSchema, newId } from '@turnpike/common';
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { keyChanged } from '../events';
import { checkKeyInput } from './check-key-input';
import {
  keys,
  publicKey,
  removeSession,
  saveSession,
  toKeyDocument,
  type PublicKey,
} from './store';

export type IssuedKey = PublicKey & { key: string };

export async function issueKey(body: unknown, actor: Actor): Promise<IssuedKey> {
  const input = await checkKeyInput(body, { isNew: true });
  const raw = generateRawKey();
  const record = keyRecordSchema.parse({
    ...input,
    id: newId('k'),
    hash: hashKey(raw),
    createdAt: new Date().toISOString(),
  });
  const undo = async () => {
    await removeSession(record.hash).catch(() => undefined);
    await keys().deleteOne({ _id: record.id });
  };
  await applyChange({
    write: async () => {
      await keys().insertOne(toKeyDocument(record));
      try {
        await saveSession(record);
      } catch (error) {
        await undo().catch(() => undefined);
        throw error;
      }
    },
    undo,
    audit: {
      actor,
      action: 'key.create',
      resource: { type: 'key', id: record.id },
      before: null,
      after: record,
    },
    notify: () => keyChanged(record.hash),
  });
  return { ...publicKey(record), key: raw };
}
