// Signing in with e-mail and password: throttled, constant-cost for unknown accounts, returns a session token.
import { parseOrThrow, TurnpikeError } from '@turnpike/common';
import { z } from 'zod';
import { RetryLaterError } from '../http';
import { normaliseEmail, toAdminUser, users, type AdminUser } from '../users/store';
import { burnPasswordCheck, verifyPassword } from './password';
import { signSession } from './session-token';
import { checkLogin, clearFailures, countFailure } from './throttle';

export const loginSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export interface LoginResult {
  token: string;
  user: AdminUser;
}

export async function login(body: unknown, clientIp: string): Promise<LoginResult> {
  const input = parseOrThrow(loginSchema, body);
  const email = normaliseEmail(input.email);
  const verdict = await checkLogin(email, clientIp);
  if (verdict.refused) throw new RetryLaterError(verdict.retryAfterSeconds);
  if (verdict.delayMs > 0) await new Promise((r) => setTimeout(r, verdict.delayMs));

  const doc = await users().findOne({ email });
  const valid = doc
    ? await verifyPassword(input.password, doc.passwordHash)
    : (await burnPasswordCheck(input.password), false);
  if (!doc || !valid || !doc.active) {
    await countFailure(email, clientIp);
    throw new TurnpikeError('admin.unauthorized', undefined, 'Wrong e-mail or password.');
  }
  await clearFailures(email);
  const now = new Date().toISOString();
  await users().updateOne({ _id: doc._id }, { $set: { lastLoginAt: now } });
  const token = await signSession({ userId: doc._id, sessionVersion: doc.sessionVersion });
  return { token, user: toAdminUser({ ...doc, lastLoginAt: now }) };
}
