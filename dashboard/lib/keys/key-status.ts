// A key's state in one word, as lists and badges show it.
import type { KeyRecord } from '@turnpike/common';

export type KeyStatus = 'active' | 'inactive' | 'expired';

export function keyStatus(
  key: Pick<KeyRecord, 'active' | 'expiresAt'>,
  now = Date.now(),
): KeyStatus {
  if (!key.active) return 'inactive';
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}
