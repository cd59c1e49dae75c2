// The signed-in user for server components and pages, read once per request from the session cookie.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { AdminUser } from '../users/store';
import { userFromToken } from './authenticate';
import { SESSION_COOKIE } from './session-token';

export const currentUser = cache(async (): Promise<AdminUser | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? userFromToken(token) : null;
});

/** The signed-in user; anyone else is sent to the sign-in page. */
export async function requireUser(): Promise<AdminUser> {
  const user = await currentUser();
  if (!user) redirect('/login');
  return user;
}
