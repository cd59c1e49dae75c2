// Keys as stored: MongoDB `keys` ({_id: id, ...KeyRecord}) and the session JSON the gateway reads from Redis.
import { keyRecordSchema, type KeyRecord } from '@turnpike/common';
import type { Collection } from 'mongodb';
import { keyNames, mongo, redis } from '../db';
import { notFound } from '../http';

export type KeyDocument = KeyRecord & { _id: string };

/** What the admin API shows of a key: everything but its hash. */
export type PublicKey = Omit<KeyRecord, 'hash'>;

export function keys(): Collection<KeyDocument> {
  return mongo().collection<KeyDocument>('keys');
}

export function toKeyRecord(doc: KeyDocument): KeyRecord {
  const { _id, ...record } = doc;
  return keyRecordSchema.parse({ ...record, id: _id });
}

export function toKeyDocument(record: KeyRecord): KeyDocument {
  return { _id: record.id, ...record };
}

export function publicKey(record: KeyRecord): PublicKey {
  const { hash: _hash, ...rest } = record;
  return rest;
}

export async function getKeyRecord(id: string): Promise<KeyRecord> {
  const doc = await keys().findOne({ _id: id });
  if (!doc) throw notFound('key');
  return toKeyRecord(doc);
}

export async function saveSession(record: KeyRecord): Promise<void> {
  await redis().set(keyNames().session(record.hash), JSON.stringify(record));
}

export async function removeSession(hash: string): Promise<void> {
  await redis().del(keyNames().session(hash));
}
