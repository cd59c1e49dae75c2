// Reading and writing nested values by dot path ("upstream.targets.0.url"), without mutating.

export type Draft = Record<string, unknown>;

export function getPath(source: unknown, path: string): unknown {
  let value = source;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A copy of `source` with `value` at `path`; `undefined` removes the field. */
export function setPath<T>(source: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const key = head!;
  const container: Record<string, unknown> | unknown[] = Array.isArray(source)
    ? [...source]
    : { ...((source ?? {}) as Record<string, unknown>) };
  const current = (container as Record<string, unknown>)[key];
  const next =
    rest.length === 0
      ? value
      : setPath(current ?? (/^\d+$/.test(rest[0]!) ? [] : {}), rest.join('.'), value);
  if (next === undefined && !Array.isArray(container))
    delete (container as Record<string, unknown>)[key];
  else (container as Record<string, unknown>)[key] = next;
  return container as T;
}
