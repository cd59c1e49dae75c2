'use client';
// Adding a user or changing one: name, e-mail, role, whether they may sign in, and a new password.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { adminFetch } from '@/components/admin-fetch';
import { DraftProvider } from '@/components/form/draft-context';
import { ErrorSummary } from '@/components/form/error-summary';
import { SelectInput, TextInput, Toggle } from '@/components/form/inputs';
import { setPath, type Draft } from '@/components/form/paths';
import { Button } from '@/components/ui/button';
import { CardSection } from '@/components/ui/card';
import { ConfirmButton } from '@/components/ui/confirm-button';

const ROLE_OPTIONS = [
  { value: 'viewer', label: 'Viewer: reads everything, changes nothing' },
  { value: 'editor', label: 'Editor: manages APIs, keys and policies' },
  { value: 'admin', label: 'Admin: everything, including users' },
];

export function UserForm({
  userId,
  initial,
  isSelf = false,
}: {
  userId?: string;
  initial: Draft;
  isSelf?: boolean;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  function change(path: string, value: unknown) {
    setSaved(false);
    setDraft((current) => setPath(current, path, value));
    if (errors[path]) setErrors(({ [path]: _gone, ...rest }) => rest);
  }

  async function save() {
    setSaving(true);
    const body = { ...draft, password: draft.password === '' ? undefined : draft.password };
    const answer = await adminFetch<{ id: string }>(
      userId ? 'PUT' : 'POST',
      userId ? `/api/users/${userId}` : '/api/users',
      body,
    );
    setSaving(false);
    if (!answer.ok || !answer.data) {
      setErrors(answer.fields);
      setMessage(answer.message);
      requestAnimationFrame(() => document.getElementById('form-errors')?.focus());
      return;
    }
    setErrors({});
    setMessage(null);
    setDraft((current) => ({ ...current, password: '' }));
    if (!userId) router.push('/users');
    else setSaved(true);
    router.refresh();
  }

  return (
    <DraftProvider draft={draft} onChange={change} errors={errors}>
      <form
        className="space-y-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <ErrorSummary message={message} fields={errors} />
        <CardSection title="Account">
          <div className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <TextInput path="name" label="Name" />
              <TextInput path="email" label="E-mail" type="email" />
            </div>
            <SelectInput path="role" label="Role" options={ROLE_OPTIONS} />
            {!isSelf ? (
              <Toggle
                path="active"
                label="Active"
                hint="Inactive users cannot sign in; their sessions end at once."
              />
            ) : null}
          </div>
        </CardSection>
        <CardSection
          title={userId ? 'Reset password' : 'Password'}
          description={
            userId
              ? 'Leave empty to keep the current one. A new password signs the user out everywhere.'
              : 'At least 10 characters. Share it safely.'
          }
        >
          <TextInput path="password" label={userId ? 'New password' : 'Password'} type="password" />
        </CardSection>
        <div className="flex items-center justify-between gap-3">
          <div>
            {userId && !isSelf ? (
              <DeleteUser userId={userId} email={String(initial.email)} />
            ) : null}
          </div>
          <div className="flex items-center gap-3">
            {saved ? (
              <span className="text-xs text-emerald-700" role="status">
                Saved.
              </span>
            ) : null}
            <Button type="submit" variant="primary" disabled={saving}>
              {saving ? 'Saving…' : userId ? 'Save changes' : 'Add user'}
            </Button>
          </div>
        </div>
      </form>
    </DraftProvider>
  );
}

function DeleteUser({ userId, email }: { userId: string; email: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Remove user"
      variant="ghost"
      title={`Remove ${email}?`}
      confirmLabel="Remove"
      onConfirm={async () => {
        const answer = await adminFetch('DELETE', `/api/users/${userId}`);
        if (!answer.ok)
          return Object.values(answer.fields)[0] ?? answer.message ?? 'Could not remove.';
        router.push('/users');
        router.refresh();
      }}
    >
      They can no longer sign in. The audit log keeps what they did.
    </ConfirmButton>
  );
}
