// Previous/next links for paged lists, keeping the current filters in the address.
import Link from 'next/link';
import { buttonClasses } from './button';

export function Pager({
  summary,
  prev,
  next,
}: {
  summary: string;
  prev: string | null;
  next: string | null;
}) {
  return (
    <div className="mt-4 flex items-center justify-between gap-4 text-xs text-zinc-500">
      <span>{summary}</span>
      <div className="flex gap-2">
        {prev ? (
          <Link href={prev} className={buttonClasses('secondary', 'sm')}>
            ← Previous
          </Link>
        ) : null}
        {next ? (
          <Link href={next} className={buttonClasses('secondary', 'sm')}>
            Next →
          </Link>
        ) : null}
      </div>
    </div>
  );
}

/** A link to the same list with some parameters changed (undefined removes one). */
export function withParams(
  base: string,
  params: Record<string, string | undefined>,
  changes: Record<string, string | undefined>,
): string {
  const merged = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...params, ...changes }))
    if (value) merged.set(name, value);
  const query = merged.toString();
  return query ? `${base}?${query}` : base;
}
