// One API: its status and actions, and the editor for its definition.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { guardStore } from '@/components/store-guard';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { editorDefaults } from '@/lib/apis/editor-defaults';
import { findApi } from '@/lib/apis/get-api';
import { definitionOf } from '@/lib/apis/store';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { formatTime } from '@/lib/format';
import { listPolicies } from '@/lib/policies/store';
import { ApiEditor } from '../editor/api-editor';
import { ApiActions } from './api-actions';

export const metadata: Metadata = { title: 'API' };

export default async function ApiPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return guardStore(async () => {
    const user = await requireUser();
    const [api, policies] = await Promise.all([findApi(decodeURIComponent(id)), listPolicies()]);
    if (!api) notFound();
    const canWrite = can(user.role, 'apis:write');
    const definition = definitionOf(api);
    return (
      <>
        <PageHeader
          back={{ href: '/apis', label: 'APIs' }}
          title={
            <span className="flex items-center gap-3">
              {api.name}
              {api.active ? (
                <Badge tone="green" dot>
                  Active
                </Badge>
              ) : (
                <Badge dot>Inactive</Badge>
              )}
            </span>
          }
          description={
            <>
              <code className="font-mono">{api.listenPath}</code> · updated{' '}
              {formatTime(api.updatedAt)}
            </>
          }
          actions={canWrite ? <ApiActions api={definition} /> : null}
        />
        <ApiEditor
          // Remount when the header's Activate/Deactivate changes the stored definition under the form.
          key={String(api.active)}
          initial={definition}
          isNew={false}
          canWrite={canWrite}
          defaults={editorDefaults()}
          policies={policies.map((p) => ({ id: p.id, name: p.name }))}
        />
      </>
    );
  });
}
