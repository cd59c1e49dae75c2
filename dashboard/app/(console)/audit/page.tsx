// The audit log: every change to APIs, keys, policies and users, who made it and what it changed.
import type { Metadata } from 'next';
import Link from 'next/link';
import { guardStore } from '@/components/store-guard';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClasses } from '@/components/ui/field';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { Pager, withParams } from '@/components/ui/pager';
import { listAudit } from '@/lib/audit/list-audit';
import type { AuditEntry } from '@/lib/audit/record';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { formatTime } from '@/lib/format';
import { AuditDiff } from './audit-diff';

export const metadata: Metadata = { title: 'Audit log' };

type Search = { resourceType?: string; resourceId?: string; actor?: string; cursor?: string };
const TYPES = ['api', 'policy', 'key', 'user'] as const;
const LINKS: Record<string, string> = {
  api: '/apis/',
  policy: '/policies/',
  key: '/keys/',
  user: '/users/',
};

function verbTone(action: string): BadgeTone {
  if (action.endsWith('.create')) return 'green';
  if (action.endsWith('.delete')) return 'red';
  if (action.endsWith('.rotate')) return 'amber';
  return 'indigo';
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  return guardStore(async () => {
    const user = await requireUser();
    if (!can(user.role, 'audit:read')) return <Forbidden what="The audit log" />;
    const resourceType = TYPES.find((t) => t === params.resourceType);
    const filters = {
      resourceType,
      resourceId: params.resourceId?.trim() || undefined,
      actor: params.actor?.trim() || undefined,
    };
    const page = await listAudit({ ...filters, cursor: params.cursor, limit: 50 });
    return (
      <>
        <PageHeader
          title="Audit log"
          description="Every change made here or through the admin API, newest first. Secrets are never recorded."
        />
        <form action="/audit" className="mb-4 flex flex-col gap-2 sm:flex-row" role="search">
          <label className="sr-only" htmlFor="audit-type">
            Resource type
          </label>
          <select
            id="audit-type"
            name="resourceType"
            defaultValue={resourceType ?? ''}
            className={`${inputClasses} sm:w-40`}
          >
            <option value="">All resources</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t === 'api'
                  ? 'APIs'
                  : t === 'policy'
                    ? 'Policies'
                    : `${t[0]!.toUpperCase()}${t.slice(1)}s`}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="audit-id">
            Resource id
          </label>
          <input
            id="audit-id"
            name="resourceId"
            defaultValue={filters.resourceId}
            placeholder="Resource id"
            className={`${inputClasses} sm:w-48`}
          />
          <label className="sr-only" htmlFor="audit-actor">
            Changed by
          </label>
          <input
            id="audit-actor"
            name="actor"
            defaultValue={filters.actor}
            placeholder="Changed by (e-mail)"
            className={`${inputClasses} sm:w-56`}
          />
          <Button type="submit">Filter</Button>
        </form>
        {page.items.length === 0 ? (
          <EmptyState title="Nothing recorded yet">
            Changes to APIs, keys, policies and users appear here as they happen.
          </EmptyState>
        ) : (
          <>
            <ol className="divide-y divide-zinc-100 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
              {page.items.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </ol>
            <Pager
              summary="Newest first"
              prev={params.cursor ? withParams('/audit', filters, {}) : null}
              next={
                page.nextCursor ? withParams('/audit', filters, { cursor: page.nextCursor }) : null
              }
            />
          </>
        )}
      </>
    );
  });
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const deleted = entry.after === null;
  return (
    <li>
      <details className="group">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-zinc-50 [&::-webkit-details-marker]:hidden">
          <span className="text-zinc-300 transition-transform group-open:rotate-90" aria-hidden>
            ›
          </span>
          <Badge tone={verbTone(entry.action)}>{entry.action}</Badge>
          {deleted ? (
            <span className="font-mono text-xs text-zinc-600">{entry.resource.id}</span>
          ) : (
            <Link
              href={`${LINKS[entry.resource.type]}${entry.resource.id}`}
              className="font-mono text-xs text-accent-700 hover:underline"
            >
              {entry.resource.id}
            </Link>
          )}
          <span className="text-xs text-zinc-500">by {entry.actor.email}</span>
          <span className="ml-auto text-xs text-zinc-400">{formatTime(entry.ts)}</span>
        </summary>
        <div className="border-t border-zinc-100 bg-zinc-50/50 px-4 py-3 pl-9">
          <AuditDiff before={entry.before} after={entry.after} />
        </div>
      </details>
    </li>
  );
}
