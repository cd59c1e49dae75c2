// The key list: newest first, searchable, a page at a time.
import type { Metadata } from 'next';
import Link from 'next/link';
import { KeyStatusBadge } from '@/components/key-status-badge';
import { guardStore } from '@/components/store-guard';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager, withParams } from '@/components/ui/pager';
import { SearchBar } from '@/components/ui/search-bar';
import { Table, Td, Th } from '@/components/ui/table';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { formatQuota, formatRate, formatTime } from '@/lib/format';
import { listKeys } from '@/lib/keys/list-keys';
import { allApis } from '@/lib/apis/api-index';

export const metadata: Metadata = { title: 'Keys' };

type Search = { q?: string; status?: string; cursor?: string; policyId?: string };

export default async function KeysPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  return guardStore(async () => {
    const user = await requireUser();
    const canWrite = can(user.role, 'keys:write');
    const q = params.q?.trim() ?? '';
    const status =
      params.status === 'active' || params.status === 'inactive' ? params.status : 'all';
    const [page, apiCount] = await Promise.all([
      listKeys({
        q,
        status,
        cursor: params.cursor,
        policyId: params.policyId || undefined,
        limit: 50,
      }),
      allApis().then((all) => all.length),
    ]);
    const filtering =
      q !== '' || status !== 'all' || params.cursor !== undefined || Boolean(params.policyId);
    const issue = canWrite ? (
      <Link href="/keys/new" className={buttonClasses('primary')}>
        Issue key
      </Link>
    ) : null;
    const header = (
      <PageHeader
        title="Keys"
        description="Credentials for the consumers of your APIs. Only hashes are stored."
        actions={page.total > 0 || filtering ? issue : null}
      />
    );

    if (page.total === 0 && !filtering) {
      return (
        <>
          {header}
          <EmptyState
            title="No keys yet"
            action={
              apiCount > 0 ? (
                issue
              ) : (
                <Link href="/apis/new" className={buttonClasses('primary')}>
                  Create an API first
                </Link>
              )
            }
          >
            Keys let a consumer call APIs that use API-key authentication, with their own rate limit
            and quota.
          </EmptyState>
        </>
      );
    }
    const current = {
      q: q || undefined,
      status: status === 'all' ? undefined : status,
      policyId: params.policyId || undefined,
    };
    return (
      <>
        {header}
        <SearchBar
          action="/keys"
          q={q}
          status={status}
          placeholder="Search alias, owner or key id"
        />
        {page.items.length === 0 ? (
          <EmptyState title="No keys match">Try another search, or clear the filters.</EmptyState>
        ) : (
          <>
            <Table>
              <thead>
                <tr>
                  <Th>Consumer</Th>
                  <Th>Key id</Th>
                  <Th>Access</Th>
                  <Th>Limits</Th>
                  <Th>Status</Th>
                  <Th className="text-right">Created</Th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((key) => (
                  <tr key={key.id} className="group hover:bg-zinc-50/80">
                    <Td>
                      <Link
                        href={`/keys/${key.id}`}
                        className="font-medium text-zinc-900 group-hover:text-accent-700"
                      >
                        {key.alias}
                      </Link>
                      {key.ownerEmail ? (
                        <div className="text-xs text-zinc-400">{key.ownerEmail}</div>
                      ) : null}
                    </Td>
                    <Td className="font-mono text-xs text-zinc-500">{key.id}</Td>
                    <Td className="max-w-48 truncate text-zinc-600">
                      {key.policyId ? (
                        <span>
                          Policy <code className="font-mono text-xs">{key.policyId}</code>
                        </span>
                      ) : key.apis.length > 0 ? (
                        key.apis.join(', ')
                      ) : (
                        <span className="text-zinc-400">No APIs</span>
                      )}
                    </Td>
                    <Td className="text-xs text-zinc-500">
                      {key.policyId ? (
                        'From policy'
                      ) : (
                        <>
                          <div>{formatRate(key.rateLimit)}</div>
                          <div>{formatQuota(key.quota)}</div>
                        </>
                      )}
                    </Td>
                    <Td>
                      <KeyStatusBadge keyInfo={key} />
                    </Td>
                    <Td className="text-right text-xs whitespace-nowrap text-zinc-500">
                      {formatTime(key.createdAt)}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager
              summary={`${page.total.toLocaleString('en')} key${page.total === 1 ? '' : 's'}`}
              prev={params.cursor ? withParams('/keys', current, {}) : null}
              next={
                page.nextCursor ? withParams('/keys', current, { cursor: page.nextCursor }) : null
              }
            />
          </>
        )}
      </>
    );
  });
}
