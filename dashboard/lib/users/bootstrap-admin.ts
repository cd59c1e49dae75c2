// The first admin: created when no user exists, from TURNPIKE_ADMIN_EMAIL/PASSWORD or generated and printed once.
import { ConfigError, newId } from '@turnpike/common';
import { generatePassword, hashPassword } from '../auth/password';
import { isDuplicateKey } from '../store-errors';
import { normaliseEmail, users } from './store';

const DEFAULT_EMAIL = 'admin@turnpike.local';

/** Checks the admin variables without touching a store, so bad values stop the process at start. */
export function readAdminSeed(env: Record<string, string | undefined>): {
  email: string;
  password?: string;
} {
  const email = env.TURNPIKE_ADMIN_EMAIL?.trim() || DEFAULT_EMAIL;
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    throw new ConfigError('TURNPIKE_ADMIN_EMAIL', `is not an e-mail address`);
  const password = env.TURNPIKE_ADMIN_PASSWORD || undefined;
  if (password !== undefined && password.length < 10) {
    throw new ConfigError('TURNPIKE_ADMIN_PASSWORD', 'must be at least 10 characters');
  }
  return { email: normaliseEmail(email), password };
}

/** Creates the first admin when the users collection is empty; returns whether it did. */
export async function bootstrapAdmin(seed: { email: string; password?: string }): Promise<boolean> {
  if ((await users().countDocuments({}, { limit: 1 })) > 0) return false;
  const password = seed.password ?? generatePassword();
  const now = new Date().toISOString();
  try {
    await users().insertOne({
      _id: newId('u'),
      email: seed.email,
      name: 'Admin',
      role: 'admin',
      active: true,
      passwordHash: await hashPassword(password),
      sessionVersion: 1,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    // Another dashboard instance created it first.
    if (isDuplicateKey(error)) return false;
    throw error;
  }
  const shown = seed.password === undefined ? password : '(from TURNPIKE_ADMIN_PASSWORD)';
  console.log(`dashboard: first admin created: email ${seed.email} password ${shown}`);
  return true;
}
