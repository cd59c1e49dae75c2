// Creating a policy.
import type { Metadata } from 'next';
import { guardStore } from '@/components/store-guard';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { apiChoices } from '@/lib/apis/api-choices';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { PolicyForm } from '../policy-form';

export const metadata: Metadata = { title: 'New policy' };

export default async function NewPolicyPage() {
  return guardStore(async () => {
    const user = await requireUser();
    const header = (
      <PageHeader title="New policy" back={{ href: '/policies', label: 'Policies' }} />
    );
    if (!can(user.role, 'policies:write')) {
      return (
        <>
          {header}
          <Forbidden what="Creating policies" />
        </>
      );
    }
    return (
      <>
        {header}
        <div className="max-w-3xl">
          <PolicyForm
            isNew
            canWrite
            initial={{ id: '', name: '', active: true, apis: [], rateLimit: null, quota: null }}
            apis={await apiChoices()}
          />
        </div>
      </>
    );
  });
}
