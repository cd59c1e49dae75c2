// Who is calling: a bearer token or the session cookie, checked against the live user record.
import { users, toAdminUser, type AdminUser } from '../users/store';
import { SESSION_COOKIE, verifySession } from './session-token';

export interface Caller {
  user: AdminUser;
  /** Cookie callers are subject to the CSRF origin check; bearer callers are not. */
  via: 'cookie' | 'bearer';
}

/** The session's user when the token is valid, the user active and the token not superseded. */
export async function userFromToken(token: string): Promise<AdminUser | null> {
  const claims = await verifySession(token);
  if (!claims) return null;
  const doc = await users().findOne({ _id: claims.userId });
  if (!doc || !doc.active || doc.sessionVersion !== claims.sessionVersion) return null;
  return toAdminUser(doc);
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

export function cookieToken(request: Request): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export async function authenticate(request: Request): Promise<Caller | null> {
  const bearer = bearerToken(request);
  if (bearer) {
    const user = await userFromToken(bearer);
    return user ? { user, via: 'bearer' } : null;
  }
  const cookie = cookieToken(request);
  if (!cookie) return null;
  const user = await userFromToken(cookie);
  return user ? { user, via: 'cookie' } : null;
}
