'use client';
// The API form: every field of the definition, in sections, with the server's field errors beside each input.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { adminFetch } from '@/components/admin-fetch';
import { DraftProvider } from '@/components/form/draft-context';
import { ErrorSummary } from '@/components/form/error-summary';
import { setPath, type Draft } from '@/components/form/paths';
import { Button } from '@/components/ui/button';
import { Tabs } from '@/components/ui/tabs';
import type { EditorDefaults } from '@/lib/apis/editor-defaults';
import { AccessSection } from './access-section';
import { AuthSection } from './auth-section';
import { GeneralSection } from './general-section';
import { JsonView } from './json-view';
import { RoutingSection } from './routing-section';
import { TrafficSection } from './traffic-section';
import { UpstreamSection } from './upstream-section';

type View = 'form' | 'json';

const SECTIONS = [
  ['general', 'General'],
  ['routing', 'Routing'],
  ['upstream', 'Upstream'],
  ['auth', 'Authentication'],
  ['traffic', 'Rate limit and cache'],
  ['access', 'CORS and IP filtering'],
] as const;

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function ApiEditor({
  initial,
  isNew,
  canWrite,
  defaults,
  policies,
  initialView = 'form',
}: {
  initial: Draft;
  isNew: boolean;
  canWrite: boolean;
  defaults: EditorDefaults;
  policies: { id: string; name: string }[];
  initialView?: View;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [view, setView] = useState<View>(initialView);
  const [idTouched, setIdTouched] = useState(!isNew);

  function change(path: string, value: unknown) {
    setSaved(false);
    setDraft((current) => {
      let next = setPath(current, path, value);
      if (path === 'name' && !idTouched && typeof value === 'string')
        next = setPath(next, 'id', slug(value));
      return next;
    });
    if (path === 'id') setIdTouched(true);
    if (errors[path]) setErrors(({ [path]: _gone, ...rest }) => rest);
  }

  async function save() {
    setSaving(true);
    setSaved(false);
    const answer = await adminFetch<{ id: string }>(
      isNew ? 'POST' : 'PUT',
      isNew ? '/api/apis' : `/api/apis/${encodeURIComponent(String(initial.id))}`,
      draft,
    );
    setSaving(false);
    if (answer.ok && answer.data) {
      setErrors({});
      setMessage(null);
      if (isNew) router.push(`/apis/${answer.data.id}`);
      else setSaved(true);
      router.refresh();
      return;
    }
    setErrors(answer.fields);
    setMessage(answer.message);
    setView('form');
    requestAnimationFrame(() => document.getElementById('form-errors')?.focus());
  }

  const readOnly = !canWrite;
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-4">
        <Tabs
          tabs={[
            { value: 'form', label: 'Form' },
            { value: 'json', label: 'JSON' },
          ]}
          value={view}
          onChange={setView}
        />
        {readOnly ? <span className="text-xs text-zinc-500">Read-only for your role</span> : null}
      </div>
      <ErrorSummary message={message} fields={errors} />
      {view === 'json' ? (
        <JsonView
          draft={draft}
          readOnly={readOnly}
          onApply={(next) => (setDraft(next), setView('form'))}
        />
      ) : (
        <DraftProvider draft={draft} onChange={change} errors={errors} readOnly={readOnly}>
          <div className="grid gap-6 lg:grid-cols-[11rem_1fr]">
            <nav aria-label="Form sections" className="hidden lg:block">
              <ul className="sticky top-6 space-y-1 text-xs">
                {SECTIONS.map(([id, label]) => (
                  <li key={id}>
                    <a
                      href={`#${id}`}
                      className="block rounded px-2 py-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900"
                    >
                      {label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <form
              className="min-w-0 space-y-4"
              onSubmit={(event) => {
                event.preventDefault();
                void save();
              }}
              noValidate
            >
              <GeneralSection isNew={isNew} />
              <RoutingSection />
              <UpstreamSection defaults={defaults} />
              <AuthSection algorithms={defaults.jwtAlgorithms} policies={policies} />
              <TrafficSection rateLimitDefault={defaults.rateLimit} />
              <AccessSection />
              {canWrite ? (
                <div className="sticky bottom-0 -mx-1 flex items-center justify-end gap-3 border-t border-zinc-200 bg-zinc-50/95 px-1 py-3 backdrop-blur">
                  {saved ? (
                    <span className="text-xs text-emerald-700" role="status">
                      Saved. Gateways pick it up within a second.
                    </span>
                  ) : null}
                  <Button type="submit" variant="primary" disabled={saving}>
                    {saving ? 'Saving…' : isNew ? 'Create API' : 'Save changes'}
                  </Button>
                </div>
              ) : null}
            </form>
          </div>
        </DraftProvider>
      )}
    </div>
  );
}
