// One titled block of the API form.
import type { ReactNode } from 'react';

export function Section({
  id,
  title,
  description,
  aside,
  children,
}: {
  id: string;
  title: string;
  description: string;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      className="rounded-lg border border-zinc-200 bg-white shadow-xs"
    >
      <header className="flex items-start justify-between gap-4 border-b border-zinc-100 px-5 py-4">
        <div>
          <h2 id={`${id}-title`} className="text-sm font-semibold text-zinc-900">
            {title}
          </h2>
          <p className="mt-0.5 text-xs text-zinc-500">{description}</p>
        </div>
        {aside}
      </header>
      <div className="space-y-4 px-5 py-4">{children}</div>
    </section>
  );
}

export function Grid({ children }: { children: ReactNode }) {
  return <div className="grid gap-4 sm:grid-cols-2">{children}</div>;
}
