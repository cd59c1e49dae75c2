'use client';
// Issuing or changing a key: who it is for, what it may call (APIs or a policy), its limits and expiry.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { adminFetch } from '@/components/admin-fetch';
import { ApiPicker } from '@/components/form/api-picker';
import { DraftProvider } from '@/components/form/draft-context';
import { ErrorSummary } from '@/components/form/error-summary';
import { TextInput, Toggle, SelectInput } from '@/components/form/inputs';
import { LimitsFields } from '@/components/form/limits-fields';
import { setPath, type Draft } from '@/components/form/paths';
import { Button, buttonClasses } from '@/components/ui/button';
import { CardSection } from '@/components/ui/card';
import { Field, inputClasses } from '@/components/ui/field';
import { SecretReveal } from '@/components/ui/secret-reveal';

interface Choice {
  id: string;
  name: string;
}

/** An ISO time as the value of a datetime-local input, in the browser's zone. */
function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function KeyForm({
  keyId,
  initial,
  apis,
  policies,
}: {
  keyId?: string;
  initial: Draft;
  apis: Choice[];
  policies: Choice[];
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [issued, setIssued] = useState<{ id: string; key: string } | null>(null);
  const mode = draft.policyId ? 'policy' : 'apis';

  function change(path: string, value: unknown) {
    setSaved(false);
    setDraft((current) => setPath(current, path, value));
    if (errors[path]) setErrors(({ [path]: _gone, ...rest }) => rest);
  }

  function chooseMode(next: 'apis' | 'policy') {
    setDraft((current) =>
      next === 'policy'
        ? { ...current, policyId: policies[0]?.id ?? '', apis: [], rateLimit: null, quota: null }
        : { ...current, policyId: null },
    );
  }

  async function save() {
    setSaving(true);
    const body = { ...draft, ownerEmail: draft.ownerEmail === '' ? undefined : draft.ownerEmail };
    const answer = keyId
      ? await adminFetch<{ id: string }>('PUT', `/api/keys/${keyId}`, body)
      : await adminFetch<{ id: string; key: string }>('POST', '/api/keys', body);
    setSaving(false);
    if (!answer.ok || !answer.data) {
      setErrors(answer.fields);
      setMessage(answer.message);
      requestAnimationFrame(() => document.getElementById('form-errors')?.focus());
      return;
    }
    setErrors({});
    setMessage(null);
    if (keyId) {
      setSaved(true);
      router.refresh();
    } else {
      setIssued(answer.data as { id: string; key: string });
    }
  }

  if (issued) {
    return (
      <div className="space-y-4">
        <SecretReveal value={issued.key} />
        <div className="flex flex-wrap gap-2">
          <Link href={`/keys/${issued.id}`} className={buttonClasses('primary')}>
            Open the key
          </Link>
          <Link href="/keys" className={buttonClasses('secondary')}>
            Back to keys
          </Link>
        </div>
      </div>
    );
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
        <CardSection
          title="Consumer"
          description="Who holds the key; shown in lists, logs and analytics."
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <TextInput path="alias" label="Alias" placeholder="mobile-app" />
            <TextInput
              path="ownerEmail"
              label="Owner e-mail"
              type="email"
              placeholder="dev@example.com"
              hint="Optional."
            />
          </div>
        </CardSection>
        <CardSection
          title="Access"
          description="Either list the APIs with this key's own limits, or follow a policy that sets both."
        >
          <div className="space-y-4">
            <fieldset className="flex flex-wrap gap-4 text-sm">
              <legend className="sr-only">Access mode</legend>
              {(['apis', 'policy'] as const).map((value) => (
                <label key={value} className="inline-flex items-center gap-2">
                  <input
                    type="radio"
                    name="access-mode"
                    checked={mode === value}
                    onChange={() => chooseMode(value)}
                    className="accent-accent-600"
                  />
                  {value === 'apis' ? 'Choose APIs and limits' : 'Use a policy'}
                </label>
              ))}
            </fieldset>
            {mode === 'policy' ? (
              policies.length === 0 ? (
                <p className="text-xs text-zinc-500">No policies yet. Create one under Policies.</p>
              ) : (
                <SelectInput
                  path="policyId"
                  label="Policy"
                  options={policies.map((p) => ({ value: p.id, label: `${p.name} (${p.id})` }))}
                  hint="The key follows later changes to the policy."
                />
              )
            ) : (
              <>
                <ApiPicker path="apis" label="APIs" choices={apis} />
                <LimitsFields />
              </>
            )}
          </div>
        </CardSection>
        <CardSection
          title="Lifetime"
          description="Expired or inactive keys get 401 at the gateway."
        >
          <div className="space-y-4">
            <Field
              label="Expires"
              htmlFor="field-expiresAt"
              error={errors.expiresAt}
              hint="Leave empty for a key that does not expire."
            >
              <input
                id="field-expiresAt"
                type="datetime-local"
                value={toLocalInput(draft.expiresAt)}
                onChange={(e) =>
                  change(
                    'expiresAt',
                    e.target.value ? new Date(e.target.value).toISOString() : null,
                  )
                }
                className={`${inputClasses} sm:w-64`}
              />
            </Field>
            <Toggle path="active" label="Active" />
          </div>
        </CardSection>
        <div className="flex items-center justify-end gap-3">
          {saved ? (
            <span className="text-xs text-emerald-700" role="status">
              Saved. Gateways pick it up within a second.
            </span>
          ) : null}
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? 'Saving…' : keyId ? 'Save changes' : 'Issue key'}
          </Button>
        </div>
      </form>
    </DraftProvider>
  );
}
