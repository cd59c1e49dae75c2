// Names requests by endpoint ("GET /users/:id") for the top-endpoints list, with a bounded vocabulary.
import { OTHER_ENDPOINTS } from '@turnpike/common';

/** At most this many endpoint names per API and bucket; the rest count as "(other)". */
export const MAX_ENDPOINTS_PER_API = 100;

const MAX_SEGMENTS = 8;
const MAX_SEGMENT_LENGTH = 64;
// Numbers, hex and UUIDs, and long tokens (ULIDs, base64 ids) are ids, not routes: without folding
// them every user id would become an endpoint of its own.
const ID_SEGMENT =
  /^(\d+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9_~.-]{24,})$/i;

export function endpointName(method: string, path: string): string {
  const query = path.indexOf('?');
  const segments = (query === -1 ? path : path.slice(0, query)).split('/').filter((s) => s !== '');
  const named = segments
    .slice(0, MAX_SEGMENTS)
    .map((segment) => (ID_SEGMENT.test(segment) ? ':id' : segment.slice(0, MAX_SEGMENT_LENGTH)));
  const tail = segments.length > MAX_SEGMENTS ? '/…' : '';
  return `${method.toUpperCase()} /${named.join('/')}${tail}`;
}

/**
 * Adds `counts` to `known` (both name -> count). Names already known always count under their own
 * name; new names are admitted, most frequent first, until the list holds MAX_ENDPOINTS_PER_API.
 * The result depends only on its inputs, so replaying a round after a crash gives the same answer.
 */
export function addEndpointCounts(
  known: Map<string, number>,
  counts: ReadonlyMap<string, number>,
): void {
  const fresh: [string, number][] = [];
  for (const [name, n] of counts) {
    if (known.has(name)) known.set(name, known.get(name)! + n);
    else fresh.push([name, n]);
  }
  fresh.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const room = () => MAX_ENDPOINTS_PER_API - known.size + (known.has(OTHER_ENDPOINTS) ? 1 : 0);
  for (const [name, n] of fresh) {
    const target = name !== OTHER_ENDPOINTS && room() > 0 ? name : OTHER_ENDPOINTS;
    known.set(target, (known.get(target) ?? 0) + n);
  }
}
