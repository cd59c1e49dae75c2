// Full-width notices for outages and refusals, in place of a page's content.
import type { ReactNode } from 'react';

export function Notice({
  tone,
  title,
  children,
}: {
  tone: 'error' | 'warning' | 'info';
  title: string;
  children?: ReactNode;
}) {
  const tones = {
    error: 'border-red-200 bg-red-50 text-red-800',
    warning: 'border-amber-200 bg-amber-50 text-amber-800',
    info: 'border-zinc-200 bg-white text-zinc-700',
  };
  return (
    <div
      className={`rounded-lg border px-5 py-4 ${tones[tone]}`}
      role={tone === 'info' ? 'status' : 'alert'}
    >
      <h2 className="text-sm font-semibold">{title}</h2>
      {children ? <div className="mt-1 text-sm opacity-90">{children}</div> : null}
    </div>
  );
}

export function StoreDown() {
  return (
    <Notice tone="error" title="MongoDB is not answering">
      The dashboard cannot reach its database, so this page cannot be shown. Gateways keep serving
      traffic from their last configuration. Check that MongoDB is running and that MONGODB_URL is
      right, then reload this page.
    </Notice>
  );
}

export function Forbidden({ what }: { what: string }) {
  return (
    <Notice tone="warning" title="Not available to your role">
      {what} need a role with more rights. Ask an admin if you need access.
    </Notice>
  );
}
