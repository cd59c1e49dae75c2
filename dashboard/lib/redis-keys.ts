// Redis keys only the dashboard uses, under the same prefix as the shared builder in @turnpike/common.
import { createHash } from 'node:crypto';
import { keyNames } from './db';

export type LoginScope = 'email' | 'ip';

/** Failed sign-ins counted per e-mail (hashed, so no address sits in Redis) or per client IP. */
export function loginFailuresKey(scope: LoginScope, id: string): string {
  const tag = scope === 'email' ? createHash('sha256').update(id).digest('hex').slice(0, 32) : id;
  return `${keyNames().prefix}login:${scope}:${tag}`;
}
