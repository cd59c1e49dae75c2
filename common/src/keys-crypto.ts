// Raw API keys: how they are made, hashed for storage, and given ids.
import { createHash, randomBytes } from 'node:crypto';

/** A new raw key: "tp_" and 32 random bytes, base64url. Shown once, stored nowhere. */
export function generateRawKey(): string {
  return 'tp_' + randomBytes(32).toString('base64url');
}

/** SHA-256 hex: a raw key has 256 bits of entropy, so a fast hash is safe and keeps lookups cheap. */
export function hashKey(rawKey: string): string {
  return createHash('sha256').update(rawKey).digest('hex');
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A sortable id: prefix, 10 chars of time, 16 random chars (ULID alphabet). */
export function newId(prefix: string): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(16);
  let tail = '';
  for (const b of bytes) tail += ALPHABET[b % 32];
  return `${prefix}_${head}${tail}`;
}
