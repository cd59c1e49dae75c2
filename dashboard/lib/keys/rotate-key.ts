// Rotating a key: a new raw value replaces the old one, which stops working at once; limits and usage carry over.
import { generateRawKey, hashKey, type KeyRecord } from '@turnpike/common';
import type { Actor } from '../audit/record';
import { applyChange } from '../change';
import { keyNames, redis } from '../db';
import { keyChanged } from '../events';
import { getKeyRecord, keys, publicKey } from './store';
import type { IssuedKey } from './issue-key';

async function swapSessions(from: KeyRecord, to: KeyRecord): Promise<void> {
  const names = keyNames();
  await redis()
    .multi()
    .set(names.session(to.hash), JSON.stringify(to))
    .del(names.session(from.hash))
    .exec();
}

export async function rotateKey(id: string, actor: Actor): Promise<IssuedKey> {
  const before = await getKeyRecord(id);
  const raw = generateRawKey();
  const after: KeyRecord = { ...before, hash: hashKey(raw), updatedAt: new Date().toISOString() };
  const restore = async () => {
    await keys().updateOne(
      { _id: id },
      { $set: { hash: before.hash, updatedAt: before.updatedAt ?? before.createdAt } },
    );
    await swapSessions(after, before);
  };
  await applyChange({
    write: async () => {
      await keys().updateOne(
        { _id: id },
        { $set: { hash: after.hash, updatedAt: after.updatedAt! } },
      );
      try {
        await swapSessions(before, after);
      } catch (error) {
        await restore().catch(() => undefined);
        throw error;
      }
    },
    undo: restore,
    audit: { actor, action: 'key.rotate', resource: { type: 'key', id }, before, after },
    notify: async () => {
      await keyChanged(before.hash);
      await keyChanged(after.hash);
    },
  });
  return { ...publicKey(after), key: raw };
}
