// The caller's IP address as seen by the dashboard, for sign-in throttling.

/**
 * `next start` puts the socket's address in X-Forwarded-For; a proxy in front appends to it, so
 * the first entry is the client. Behind untrusted proxies this is spoofable, which only ever
 * weakens the per-IP counter: the per-e-mail counter still holds.
 */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = forwarded || request.headers.get('x-real-ip') || 'unknown';
  return ip.replace(/^::ffff:/, '').slice(0, 64);
}
