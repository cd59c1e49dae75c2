// One policy: its settings, and how many keys follow it.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { guardStore } from '@/components/store-guard';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { apiChoices } from '@/lib/apis/api-choices';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { mongo } from '@/lib/db';
import { policies, policyOf, toStoredPolicy } from '@/lib/policies/store';
import { PolicyForm } from '../policy-form';
import { DeletePolicyButton } from './delete-policy-button';

export const metadata: Metadata = { title: 'Policy' };

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return guardStore(async () => {
    const user = await requireUser();
    const doc = await policies().findOne({ _id: id });
    if (!doc) notFound();
    const policy = toStoredPolicy(doc);
    const canWrite = can(user.role, 'policies:write');
    const [apis, keyCount] = await Promise.all([
      apiChoices(),
      mongo().collection('keys').countDocuments({ policyId: id }),
    ]);
    return (
      <>
        <PageHeader
          back={{ href: '/policies', label: 'Policies' }}
          title={
            <span className="flex items-center gap-3">
              {policy.name}
              {policy.active ? (
                <Badge tone="green" dot>
                  Active
                </Badge>
              ) : (
                <Badge dot>Inactive</Badge>
              )}
            </span>
          }
          description={`${keyCount} key${keyCount === 1 ? '' : 's'} follow this policy.`}
          actions={
            <>
              <Link
                href={`/keys?policyId=${encodeURIComponent(id)}`}
                className={buttonClasses('secondary')}
              >
                View keys
              </Link>
              {canWrite ? <DeletePolicyButton id={id} name={policy.name} keys={keyCount} /> : null}
            </>
          }
        />
        <div className="max-w-3xl">
          <PolicyForm isNew={false} canWrite={canWrite} initial={policyOf(policy)} apis={apis} />
        </div>
      </>
    );
  });
}
