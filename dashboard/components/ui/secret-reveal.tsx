'use client';
// Shows a freshly issued raw key exactly once, with a copy button and a plain warning.
import { CopyButton } from './copy-button';

export function SecretReveal({
  value,
  title = 'Copy this key now',
}: {
  value: string;
  title?: string;
}) {
  return (
    <div className="rounded-lg border border-emerald-200 bg-emerald-50/60 p-4" role="status">
      <h2 className="text-sm font-semibold text-emerald-900">{title}</h2>
      <p className="mt-1 text-xs text-emerald-800">
        This is the only time the key is shown. Turnpike stores only its hash, so it cannot be
        recovered later; if it is lost, rotate the key.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          data-testid="raw-key"
          className="min-w-0 flex-1 rounded-md border border-emerald-200 bg-white px-3 py-2 font-mono text-[13px] break-all text-zinc-900 select-all"
        >
          {value}
        </code>
        <CopyButton value={value} />
      </div>
    </div>
  );
}
