'use client';
// Deleting a policy after a confirmation; refused while keys use it.
import { useRouter } from 'next/navigation';
import { adminFetch } from '@/components/admin-fetch';
import { ConfirmButton } from '@/components/ui/confirm-button';

export function DeletePolicyButton({ id, name, keys }: { id: string; name: string; keys: number }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      title={`Delete ${name}?`}
      confirmLabel="Delete policy"
      onConfirm={async () => {
        const answer = await adminFetch('DELETE', `/api/policies/${id}`);
        if (!answer.ok)
          return Object.values(answer.fields)[0] ?? answer.message ?? 'Could not delete.';
        router.push('/policies');
        router.refresh();
      }}
    >
      {keys > 0
        ? `${keys} key${keys === 1 ? '' : 's'} still follow this policy: move or revoke them first.`
        : 'No keys follow this policy. Gateways forget it within a second.'}
    </ConfirmButton>
  );
}
