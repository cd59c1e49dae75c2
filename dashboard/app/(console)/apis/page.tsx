// The API list: every API with its listen path and status, searchable; first-time users learn how to start.
import type { Metadata } from 'next';
import Link from 'next/link';
import { guardStore } from '@/components/store-guard';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager, withParams } from '@/components/ui/pager';
import { SearchBar } from '@/components/ui/search-bar';
import { Table, Td, Th } from '@/components/ui/table';
import { listApis } from '@/lib/apis/list-apis';
import type { StoredApi } from '@/lib/apis/store';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { formatTime } from '@/lib/format';

export const metadata: Metadata = { title: 'APIs' };

const PAGE_SIZE = 50;
const AUTH_LABELS = { keyless: 'Open', key: 'API key', jwt: 'JWT' } as const;

type Search = { q?: string; status?: string; page?: string };

export default async function ApisPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  return guardStore(async () => {
    const user = await requireUser();
    const canWrite = can(user.role, 'apis:write');
    const q = params.q?.trim() ?? '';
    const status =
      params.status === 'active' || params.status === 'inactive' ? params.status : 'all';
    const page = Math.max(1, Number(params.page) || 1);
    const result = await listApis({ q, status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const filtering = q !== '' || status !== 'all';
    const actions = canWrite ? (
      <>
        <Link href="/apis/new?view=json" className={buttonClasses('secondary')}>
          Import JSON
        </Link>
        <Link href="/apis/new" className={buttonClasses('primary')}>
          New API
        </Link>
      </>
    ) : null;

    if (result.total === 0 && !filtering) {
      return (
        <>
          <PageHeader
            title="APIs"
            description="The services the gateway puts behind keys, limits and analytics."
          />
          <FirstApi canWrite={canWrite} />
        </>
      );
    }
    const current = { q: q || undefined, status: status === 'all' ? undefined : status };
    const lastPage = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    return (
      <>
        <PageHeader
          title="APIs"
          description={`${result.total.toLocaleString('en')} API${result.total === 1 ? '' : 's'} ${filtering ? 'match' : 'defined'}.`}
          actions={actions}
        />
        <SearchBar
          action="/apis"
          q={q}
          status={status}
          placeholder="Search name, id or listen path"
        />
        {result.items.length === 0 ? (
          <EmptyState title="No APIs match">Try another search, or clear the filters.</EmptyState>
        ) : (
          <>
            <Table>
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Listen path</Th>
                  <Th>Auth</Th>
                  <Th>Upstream</Th>
                  <Th>Status</Th>
                  <Th className="text-right">Updated</Th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((api) => (
                  <ApiRow key={api.id} api={api} />
                ))}
              </tbody>
            </Table>
            <Pager
              summary={`Page ${page} of ${lastPage}`}
              prev={
                page > 1
                  ? withParams('/apis', current, { page: page > 2 ? String(page - 1) : undefined })
                  : null
              }
              next={
                page < lastPage ? withParams('/apis', current, { page: String(page + 1) }) : null
              }
            />
          </>
        )}
      </>
    );
  });
}

function ApiRow({ api }: { api: StoredApi }) {
  const [first, ...others] = api.upstream.targets;
  return (
    <tr className="group hover:bg-zinc-50/80">
      <Td>
        <Link
          href={`/apis/${api.id}`}
          className="font-medium text-zinc-900 group-hover:text-accent-700"
        >
          {api.name}
        </Link>
        <div className="font-mono text-xs text-zinc-400">{api.id}</div>
      </Td>
      <Td>
        <code className="font-mono text-[13px] text-zinc-700">{api.listenPath}</code>
        {api.hosts.length > 0 ? (
          <div className="text-xs text-zinc-400">{api.hosts.join(', ')}</div>
        ) : null}
      </Td>
      <Td>
        <span className="text-zinc-600">{AUTH_LABELS[api.auth.type]}</span>
        {api.internal ? <span className="ml-1.5 text-xs text-zinc-400">internal</span> : null}
      </Td>
      <Td className="max-w-56 truncate text-zinc-500">
        {first ? new URL(first.url).host : '—'}
        {others.length > 0 ? ` +${others.length}` : ''}
      </Td>
      <Td>
        {api.active ? (
          <Badge tone="green" dot>
            Active
          </Badge>
        ) : (
          <Badge dot>Inactive</Badge>
        )}
      </Td>
      <Td className="text-right text-xs whitespace-nowrap text-zinc-500">
        {formatTime(api.updatedAt)}
      </Td>
    </tr>
  );
}

function FirstApi({ canWrite }: { canWrite: boolean }) {
  return (
    <EmptyState
      title="Create your first API"
      action={
        canWrite ? (
          <Link href="/apis/new" className={buttonClasses('primary')}>
            Create an API
          </Link>
        ) : null
      }
    >
      <p>An API tells the gateway where to listen and where to send traffic.</p>
      <ol className="mx-auto mt-4 max-w-sm space-y-1.5 text-left text-xs text-zinc-600">
        <li>
          <b className="text-zinc-800">1.</b> Create an API: a listen path such as{' '}
          <code className="font-mono">/orders/</code> and the upstream URL it forwards to.
        </li>
        <li>
          <b className="text-zinc-800">2.</b> Choose how callers authenticate; with API keys, issue
          a key under <b>Keys</b>.
        </li>
        <li>
          <b className="text-zinc-800">3.</b> Call the gateway on port 8080 at the listen path.
          Traffic appears under <b>Analytics</b>.
        </li>
      </ol>
      {!canWrite ? (
        <p className="mt-4 text-xs">
          Your role is read-only; ask an editor or admin to create one.
        </p>
      ) : null}
    </EmptyState>
  );
}
