// CSRF protection for cookie-authenticated changes: the browser's Origin must be the dashboard's own.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * True when the request's Origin names the host it was sent to. Browsers send Origin on every
 * cross-site request and on same-site non-GET fetches, so a missing Origin is refused too.
 */
export function hasSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null' || !URL.canParse(origin)) return false;
  const host =
    request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? request.headers.get('host');
  return host !== null && new URL(origin).host === host;
}
