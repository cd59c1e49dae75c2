'use client';
// Creating or changing a policy: the APIs and limits every key that follows it gets.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { adminFetch } from '@/components/admin-fetch';
import { ApiPicker } from '@/components/form/api-picker';
import { DraftProvider } from '@/components/form/draft-context';
import { ErrorSummary } from '@/components/form/error-summary';
import { TextInput, Toggle } from '@/components/form/inputs';
import { LimitsFields } from '@/components/form/limits-fields';
import { setPath, type Draft } from '@/components/form/paths';
import { Button } from '@/components/ui/button';
import { CardSection } from '@/components/ui/card';

export function PolicyForm({
  initial,
  isNew,
  canWrite,
  apis,
}: {
  initial: Draft;
  isNew: boolean;
  canWrite: boolean;
  apis: { id: string; name: string }[];
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
    const answer = await adminFetch<{ id: string }>(
      isNew ? 'POST' : 'PUT',
      isNew ? '/api/policies' : `/api/policies/${initial.id}`,
      draft,
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
    if (isNew) router.push(`/policies/${answer.data.id}`);
    else setSaved(true);
    router.refresh();
  }

  return (
    <DraftProvider draft={draft} onChange={change} errors={errors} readOnly={!canWrite}>
      <form
        className="space-y-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <ErrorSummary message={message} fields={errors} />
        <CardSection
          title="Policy"
          description="Keys that follow a policy take its APIs and limits, including later changes."
        >
          <div className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <TextInput path="name" label="Name" placeholder="Gold plan" />
              <TextInput
                path="id"
                label="Id"
                mono
                disabled={!isNew}
                hint={
                  isNew
                    ? 'Letters, digits, - and _. JWTs name policies by id.'
                    : 'Fixed once created.'
                }
                placeholder="gold"
              />
            </div>
            <Toggle
              path="active"
              label="Active"
              hint="Keys on an inactive policy are refused (403)."
            />
          </div>
        </CardSection>
        <CardSection title="Access and limits">
          <div className="space-y-4">
            <ApiPicker path="apis" label="APIs" choices={apis} />
            <LimitsFields />
          </div>
        </CardSection>
        {canWrite ? (
          <div className="flex items-center justify-end gap-3">
            {saved ? (
              <span className="text-xs text-emerald-700" role="status">
                Saved. Gateways pick it up within a second.
              </span>
            ) : null}
            <Button type="submit" variant="primary" disabled={saving}>
              {saving ? 'Saving…' : isNew ? 'Create policy' : 'Save changes'}
            </Button>
          </div>
        ) : null}
      </form>
    </DraftProvider>
  );
}
