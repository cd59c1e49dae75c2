// Session tokens: HS256 JWTs (jose) carried by the cookie or as a bearer token.
import { jwtVerify, SignJWT } from 'jose';
import { dashboardConfig } from '../config';

export const SESSION_COOKIE = 'tp_session';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const ISSUER = 'turnpike-dashboard';

export interface SessionClaims {
  userId: string;
  /** Bumped when a password changes, so older tokens stop working. */
  sessionVersion: number;
}

function secret(): Uint8Array {
  return new TextEncoder().encode(dashboardConfig().sessionSecret);
}

export async function signSession(claims: SessionClaims): Promise<string> {
  return new SignJWT({ sv: claims.sessionVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
    .sign(secret());
}

/** The claims of a valid, unexpired token, or null. */
export async function verifySession(token: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secret(), { algorithms: ['HS256'], issuer: ISSUER });
    if (typeof payload.sub !== 'string' || typeof payload.sv !== 'number') return null;
    return { userId: payload.sub, sessionVersion: payload.sv };
  } catch {
    return null;
  }
}

/** Cookie attributes: httpOnly, SameSite=Lax, Secure when the dashboard is reached over https. */
export function sessionCookie(token: string, secure: boolean, maxAge = SESSION_TTL_SECONDS) {
  return {
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    path: '/',
    maxAge,
  };
}

export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return (forwarded ?? new URL(request.url).protocol.replace(':', '')) === 'https';
}
