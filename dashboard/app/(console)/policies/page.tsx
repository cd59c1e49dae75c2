// The policy list: shared access and limits that keys follow.
import type { Metadata } from 'next';
import Link from 'next/link';
import { guardStore } from '@/components/store-guard';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { mongo } from '@/lib/db';
import { formatQuota, formatRate } from '@/lib/format';
import { listPolicies } from '@/lib/policies/store';

export const metadata: Metadata = { title: 'Policies' };

export default async function PoliciesPage() {
  return guardStore(async () => {
    const user = await requireUser();
    const canWrite = can(user.role, 'policies:write');
    const policies = await listPolicies();
    const usage = await mongo()
      .collection('keys')
      .aggregate<{ _id: string; keys: number }>([
        { $match: { policyId: { $ne: null } } },
        { $group: { _id: '$policyId', keys: { $sum: 1 } } },
      ])
      .toArray();
    const keyCounts = new Map(usage.map((row) => [row._id, row.keys]));
    const create = canWrite ? (
      <Link href="/policies/new" className={buttonClasses('primary')}>
        New policy
      </Link>
    ) : null;
    return (
      <>
        <PageHeader
          title="Policies"
          description="Plans shared by many keys: change a policy and every key on it follows."
          actions={policies.length > 0 ? create : null}
        />
        {policies.length === 0 ? (
          <EmptyState title="No policies yet" action={create}>
            A policy bundles APIs, a rate limit and a quota, like a pricing plan. Keys that follow
            it change when it does; JWT APIs can pick a policy from a token claim.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>APIs</Th>
                <Th>Rate limit</Th>
                <Th>Quota</Th>
                <Th>Keys</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {policies.map((policy) => (
                <tr key={policy.id} className="group hover:bg-zinc-50/80">
                  <Td>
                    <Link
                      href={`/policies/${policy.id}`}
                      className="font-medium text-zinc-900 group-hover:text-accent-700"
                    >
                      {policy.name}
                    </Link>
                    <div className="font-mono text-xs text-zinc-400">{policy.id}</div>
                  </Td>
                  <Td className="max-w-56 truncate text-zinc-600">
                    {policy.apis.length > 0 ? (
                      policy.apis.join(', ')
                    ) : (
                      <span className="text-zinc-400">None</span>
                    )}
                  </Td>
                  <Td className="text-zinc-600">{formatRate(policy.rateLimit)}</Td>
                  <Td className="text-zinc-600">{formatQuota(policy.quota)}</Td>
                  <Td className="tabular-nums text-zinc-600">{keyCounts.get(policy.id) ?? 0}</Td>
                  <Td>
                    {policy.active ? (
                      <Badge tone="green" dot>
                        Active
                      </Badge>
                    ) : (
                      <Badge dot>Inactive</Badge>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </>
    );
  });
}
