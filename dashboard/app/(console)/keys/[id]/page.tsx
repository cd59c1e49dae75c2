// One key: who holds it, what it may call, its live usage, and its controls and settings.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { KeyStatusBadge } from '@/components/key-status-badge';
import { guardStore } from '@/components/store-guard';
import { CardSection } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { apiChoices, policyChoices } from '@/lib/apis/api-choices';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { formatQuota, formatRate, formatTime } from '@/lib/format';
import { getKeyUsage, type KeyUsage } from '@/lib/keys/key-usage';
import { keys, publicKey, toKeyRecord } from '@/lib/keys/store';
import { isStoreError } from '@/lib/store-errors';
import { KeyForm } from '../key-form';
import { KeyControls } from './key-controls';
import { KeyUsagePanel } from './key-usage-panel';

export const metadata: Metadata = { title: 'Key' };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2.5 text-sm">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="col-span-2 min-w-0 text-zinc-900">{children}</dd>
    </div>
  );
}

export default async function KeyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return guardStore(async () => {
    const user = await requireUser();
    const doc = await keys().findOne({ _id: id });
    if (!doc) notFound();
    const key = publicKey(toKeyRecord(doc));
    const canWrite = can(user.role, 'keys:write');
    const [usage, apis, policies] = await Promise.all([
      getKeyUsage(id).catch((error: unknown): KeyUsage | null => {
        if (isStoreError(error)) return null;
        throw error;
      }),
      canWrite ? apiChoices() : Promise.resolve([]),
      canWrite ? policyChoices() : Promise.resolve([]),
    ]);
    const { id: _id, createdAt: _c, updatedAt: _u, ...input } = key;
    return (
      <>
        <PageHeader
          back={{ href: '/keys', label: 'Keys' }}
          title={
            <span className="flex items-center gap-3">
              {key.alias}
              <KeyStatusBadge keyInfo={key} />
            </span>
          }
          description={<code className="font-mono text-xs">{key.id}</code>}
        />
        <div className="space-y-4">
          {canWrite ? <KeyControls keyId={key.id} alias={key.alias} active={key.active} /> : null}
          <div className="grid gap-4 lg:grid-cols-2">
            <CardSection title="Details">
              <dl className="-my-2.5 divide-y divide-zinc-100">
                <Row label="Owner">{key.ownerEmail ?? '—'}</Row>
                <Row label="Access">
                  {key.policyId ? (
                    <Link
                      className="text-accent-700 hover:underline"
                      href={`/policies/${key.policyId}`}
                    >
                      Policy {key.policyId}
                    </Link>
                  ) : key.apis.length > 0 ? (
                    <span className="flex flex-wrap gap-1.5">
                      {key.apis.map((apiId) => (
                        <Link
                          key={apiId}
                          href={`/apis/${apiId}`}
                          className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 hover:bg-zinc-200"
                        >
                          {apiId}
                        </Link>
                      ))}
                    </span>
                  ) : (
                    'No APIs'
                  )}
                </Row>
                {!key.policyId ? <Row label="Rate limit">{formatRate(key.rateLimit)}</Row> : null}
                {!key.policyId ? <Row label="Quota">{formatQuota(key.quota)}</Row> : null}
                <Row label="Expires">{key.expiresAt ? formatTime(key.expiresAt) : 'Never'}</Row>
                <Row label="Created">{formatTime(key.createdAt)}</Row>
                <Row label="Updated">{formatTime(key.updatedAt ?? key.createdAt)}</Row>
              </dl>
            </CardSection>
            <CardSection
              title="Live usage"
              description="What the gateways have counted for this key."
            >
              <KeyUsagePanel keyId={key.id} initial={usage} />
            </CardSection>
          </div>
          {canWrite ? (
            <section aria-labelledby="settings-title" className="pt-4">
              <h2 id="settings-title" className="mb-3 text-sm font-semibold text-zinc-900">
                Settings
              </h2>
              <div className="max-w-3xl">
                <KeyForm
                  key={String(key.active)}
                  keyId={key.id}
                  initial={{ ...input, ownerEmail: input.ownerEmail ?? '' }}
                  apis={apis}
                  policies={policies}
                />
              </div>
            </section>
          ) : null}
        </div>
      </>
    );
  });
}
