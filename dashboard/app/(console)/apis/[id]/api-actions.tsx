'use client';
// Turning an API on or off, and deleting it after a confirmation.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { adminFetch } from '@/components/admin-fetch';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import type { ApiDefinition } from '@turnpike/common';

export function ApiActions({ api }: { api: ApiDefinition }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function toggle() {
    setBusy(true);
    const answer = await adminFetch('PUT', `/api/apis/${encodeURIComponent(api.id)}`, {
      ...api,
      active: !api.active,
    });
    setBusy(false);
    setProblem(answer.ok ? null : answer.message);
    if (answer.ok) router.refresh();
  }

  return (
    <>
      {problem ? (
        <span className="text-xs text-red-600" role="alert">
          {problem}
        </span>
      ) : null}
      <Button onClick={toggle} disabled={busy}>
        {api.active ? 'Deactivate' : 'Activate'}
      </Button>
      <ConfirmButton
        label="Delete"
        title={`Delete ${api.name}?`}
        confirmLabel="Delete API"
        onConfirm={async () => {
          const answer = await adminFetch('DELETE', `/api/apis/${encodeURIComponent(api.id)}`);
          if (!answer.ok) return answer.message ?? 'Could not delete.';
          router.push('/apis');
          router.refresh();
        }}
      >
        Gateways stop serving <code className="font-mono">{api.listenPath}</code> within a second
        and drop its cached responses. Keys keep their other APIs. This cannot be undone, but the
        audit log keeps the last definition.
      </ConfirmButton>
    </>
  );
}
