// Issuing a key; its raw value is shown once, right after.
import type { Metadata } from 'next';
import { guardStore } from '@/components/store-guard';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { apiChoices, policyChoices } from '@/lib/apis/api-choices';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { KeyForm } from '../key-form';

export const metadata: Metadata = { title: 'Issue a key' };

const NEW_KEY = {
  alias: '',
  ownerEmail: '',
  apis: [],
  policyId: null,
  rateLimit: null,
  quota: null,
  expiresAt: null,
  active: true,
};

export default async function NewKeyPage({
  searchParams,
}: {
  searchParams: Promise<{ apiId?: string }>;
}) {
  const { apiId } = await searchParams;
  return guardStore(async () => {
    const user = await requireUser();
    const header = (
      <PageHeader
        title="Issue a key"
        description="The raw key is shown once; Turnpike keeps only its hash."
        back={{ href: '/keys', label: 'Keys' }}
      />
    );
    if (!can(user.role, 'keys:write')) {
      return (
        <>
          {header}
          <Forbidden what="Issuing keys" />
        </>
      );
    }
    const [apis, policies] = await Promise.all([apiChoices(), policyChoices()]);
    return (
      <>
        {header}
        <div className="max-w-3xl">
          <KeyForm
            initial={{ ...NEW_KEY, apis: apiId ? [apiId] : [] }}
            apis={apis}
            policies={policies}
          />
        </div>
      </>
    );
  });
}
