// Path normalisation shared by the gateway's router and the dashboard's listen-path checks.

const PLAIN_PATH = /^(\/[A-Za-z0-9_~!$&'()*+,;=:@-][A-Za-z0-9_.~!$&'()*+,;=:@-]*)*\/?$/;

/**
 * Splits a request path (without query) into clean segments: percent-decoded, "." and ".."
 * resolved, empty segments dropped. Returns null when a segment decodes to a separator or
 * NUL, is not valid UTF-8, ".." climbs above the root, or a segment is a dot segment with
 * path parameters ("..;x", which Tomcat, Jetty and Spring resolve as ".."): such a path is
 * refused, never routed, so an upstream can't be led out of where it was routed.
 */
export function pathSegments(rawPath: string): string[] | null {
  if (PLAIN_PATH.test(rawPath) && !rawPath.includes('/.')) {
    const parts = rawPath.split('/');
    const segments: string[] = [];
    for (const part of parts) if (part !== '') segments.push(part);
    return segments;
  }
  if (!rawPath.startsWith('/')) return null;
  const segments: string[] = [];
  for (const part of rawPath.split('/')) {
    if (part === '') continue;
    let segment: string;
    try {
      segment = part.includes('%') ? decodeURIComponent(part) : part;
    } catch {
      return null;
    }
    if (segment.includes('/') || segment.includes('\\') || segment.includes('\0')) return null;
    if (segment.startsWith('.;') || segment.startsWith('..;')) return null;
    if (segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return null;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments;
}

/** Re-encodes clean segments into the path forwarded upstream. */
export function joinSegments(segments: readonly string[], trailingSlash: boolean): string {
  if (segments.length === 0) return '/';
  let path = '';
  for (const segment of segments) path += '/' + encodeSegment(segment);
  return trailingSlash ? path + '/' : path;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_.~!$&'()*+,;=:@-]*$/;
function encodeSegment(segment: string): string {
  return SAFE_SEGMENT.test(segment) ? segment : encodeURIComponent(segment);
}

/**
 * The canonical form of a configured listen path ("/a/b", or "/" for the root), or null when it
 * holds dot segments, encoded characters or anything the router would not match literally.
 */
export function normaliseListenPath(listenPath: string): string | null {
  if (!listenPath.startsWith('/') || listenPath.includes('%') || listenPath.includes('\\'))
    return null;
  const parts = listenPath.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '.' || p === '..' || !SAFE_SEGMENT.test(p))) return null;
  return '/' + parts.join('/');
}

/** True when two listen paths on the same hosts would claim the same requests. */
export function listenPathsConflict(a: string, b: string): boolean {
  const na = normaliseListenPath(a);
  const nb = normaliseListenPath(b);
  return na !== null && na === nb;
}
