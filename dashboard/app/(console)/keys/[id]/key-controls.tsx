'use client';
// Turning a key on or off, rotating it (the new raw value shown once) and revoking it.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { adminFetch } from '@/components/admin-fetch';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { SecretReveal } from '@/components/ui/secret-reveal';

export function KeyControls({
  keyId,
  alias,
  active,
}: {
  keyId: string;
  alias: string;
  active: boolean;
}) {
  const router = useRouter();
  const [rotated, setRotated] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function toggle() {
    setBusy(true);
    const current = await adminFetch<Record<string, unknown>>('GET', `/api/keys/${keyId}`);
    const answer =
      current.ok && current.data
        ? await adminFetch('PUT', `/api/keys/${keyId}`, {
            ...pickInput(current.data),
            active: !active,
          })
        : current;
    setBusy(false);
    setProblem(answer.ok ? null : answer.message);
    if (answer.ok) router.refresh();
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={toggle} disabled={busy}>
          {active ? 'Deactivate' : 'Activate'}
        </Button>
        <ConfirmButton
          label="Rotate"
          title={`Rotate the key for ${alias}?`}
          confirmLabel="Rotate key"
          confirmVariant="primary"
          onConfirm={async () => {
            const answer = await adminFetch<{ key: string }>('POST', `/api/keys/${keyId}/rotate`);
            if (!answer.ok || !answer.data) return answer.message ?? 'Could not rotate.';
            setRotated(answer.data.key);
            router.refresh();
          }}
        >
          A new raw key is issued and shown once. The current one stops working at every gateway
          within a second. Limits and usage carry over.
        </ConfirmButton>
        <ConfirmButton
          label="Revoke"
          variant="danger"
          title={`Revoke the key for ${alias}?`}
          confirmLabel="Revoke key"
          onConfirm={async () => {
            const answer = await adminFetch('DELETE', `/api/keys/${keyId}`);
            if (!answer.ok) return answer.message ?? 'Could not revoke.';
            router.push('/keys');
            router.refresh();
          }}
        >
          The key is deleted and every gateway refuses it within a second. This cannot be undone.
        </ConfirmButton>
        {problem ? (
          <span className="text-xs text-red-600" role="alert">
            {problem}
          </span>
        ) : null}
      </div>
      {rotated ? <SecretReveal value={rotated} title="New key: copy it now" /> : null}
    </div>
  );
}

function pickInput(record: Record<string, unknown>) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...input } = record;
  return input;
}
