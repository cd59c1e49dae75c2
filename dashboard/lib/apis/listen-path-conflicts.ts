// Refusing two APIs that would claim the same requests: one normalised listen path on overlapping hosts.
import { normaliseListenPath, type ApiDefinition } from '@turnpike/common';
import { conflict } from '../http';
import { apis } from './store';

/** An API without hosts answers on every host, so it overlaps any other; `*.a.com` covers `b.a.com`. */
export function hostsOverlap(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((x) => b.some((y) => hostMatches(x, y) || hostMatches(y, x)));
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const suffix = p.slice(1);
  return h.endsWith(suffix) || (h.startsWith('*.') && h.endsWith(suffix));
}

/** Throws 409 naming `listenPath` when another API already serves this path on an overlapping host. */
export async function assertNoListenPathConflict(api: ApiDefinition): Promise<void> {
  const path = normaliseListenPath(api.listenPath);
  const others = await apis()
    .find({ _id: { $ne: api.id } }, { projection: { _id: 1, name: 1, listenPath: 1, hosts: 1 } })
    .toArray();
  for (const other of others) {
    if (
      normaliseListenPath(other.listenPath) !== path ||
      !hostsOverlap(api.hosts, other.hosts ?? [])
    )
      continue;
    throw conflict(
      'listenPath',
      `already served by API "${other._id}" (${other.name}) on an overlapping host`,
    );
  }
}
