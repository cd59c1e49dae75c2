// Creating an API, from the form or from imported JSON.
import type { Metadata } from 'next';
import { guardStore } from '@/components/store-guard';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { editorDefaults, newApiDraft } from '@/lib/apis/editor-defaults';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { listPolicies } from '@/lib/policies/store';
import { ApiEditor } from '../editor/api-editor';

export const metadata: Metadata = { title: 'New API' };

export default async function NewApiPage({
  searchParams,
}: {
  searchParams: Promise<{ view?: string }>;
}) {
  const { view } = await searchParams;
  return guardStore(async () => {
    const user = await requireUser();
    const header = (
      <PageHeader
        title="New API"
        description="Tell the gateway where to listen and where to forward."
        back={{ href: '/apis', label: 'APIs' }}
      />
    );
    if (!can(user.role, 'apis:write')) {
      return (
        <>
          {header}
          <Forbidden what="Creating APIs" />
        </>
      );
    }
    const policies = await listPolicies();
    return (
      <>
        {header}
        <ApiEditor
          initial={newApiDraft()}
          isNew
          canWrite
          defaults={editorDefaults()}
          policies={policies.map((p) => ({ id: p.id, name: p.name }))}
          initialView={view === 'json' ? 'json' : 'form'}
        />
      </>
    );
  });
}
