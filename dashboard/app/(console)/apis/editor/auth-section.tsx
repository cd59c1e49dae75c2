'use client';
// How callers prove who they are: nothing, an API key, or a JWT checked against pinned algorithms.
import { useDraft } from '@/components/form/draft-context';
import { SelectInput, TextInput } from '@/components/form/inputs';
import { Field, inputClasses } from '@/components/ui/field';
import { Grid, Section } from './section';

const MODES = [
  { value: 'keyless', title: 'Open', text: 'Anyone may call. Combine with a rate limit.' },
  { value: 'key', title: 'API key', text: 'Callers send a key issued under Keys.' },
  { value: 'jwt', title: 'JWT', text: 'Callers send a token signed by your identity provider.' },
] as const;

type Source = 'secret' | 'publicKey' | 'jwksUrl';

export function AuthSection({
  algorithms,
  policies,
}: {
  algorithms: readonly string[];
  policies: { id: string; name: string }[];
}) {
  const { get, set, error, readOnly } = useDraft();
  const type = (get('auth.type') as string) ?? 'keyless';
  const chosen = (get('auth.algorithms') as string[] | undefined) ?? [];
  const source: Source =
    get('auth.publicKey') !== undefined
      ? 'publicKey'
      : get('auth.jwksUrl') !== undefined
        ? 'jwksUrl'
        : 'secret';

  function chooseMode(mode: string) {
    if (mode === 'jwt')
      set('auth', {
        type: 'jwt',
        algorithms: ['HS256'],
        secret: '',
        policyClaim: 'pol',
        subjectClaim: 'sub',
      });
    else set('auth', { type: mode });
  }
  function chooseSource(next: Source) {
    const auth = { ...(get('auth') as Record<string, unknown>) };
    delete auth.secret;
    delete auth.publicKey;
    delete auth.jwksUrl;
    auth[next] = '';
    auth.algorithms = next === 'secret' ? ['HS256'] : ['RS256'];
    set('auth', auth);
  }

  return (
    <Section
      id="auth"
      title="Authentication"
      description="Checked before limits, cache and the upstream."
    >
      <fieldset className="grid gap-2 sm:grid-cols-3" disabled={readOnly}>
        <legend className="sr-only">Authentication mode</legend>
        {MODES.map((mode) => (
          <label
            key={mode.value}
            className={`cursor-pointer rounded-lg border p-3 transition-colors has-focus-visible:ring-2 has-focus-visible:ring-accent-500 ${
              type === mode.value
                ? 'border-accent-500 bg-accent-50/60 ring-1 ring-accent-500'
                : 'border-zinc-200 hover:border-zinc-300'
            }`}
          >
            <input
              type="radio"
              name="auth-type"
              value={mode.value}
              checked={type === mode.value}
              onChange={() => chooseMode(mode.value)}
              className="sr-only"
            />
            <span className="block text-sm font-medium text-zinc-900">{mode.title}</span>
            <span className="mt-0.5 block text-xs text-zinc-500">{mode.text}</span>
          </label>
        ))}
      </fieldset>
      {type === 'jwt' ? (
        <div className="space-y-4 border-t border-zinc-100 pt-4">
          <Field label="Verify with" htmlFor="jwt-source">
            <select
              id="jwt-source"
              value={source}
              disabled={readOnly}
              onChange={(e) => chooseSource(e.target.value as Source)}
              className={`${inputClasses} sm:w-64`}
            >
              <option value="secret">Shared secret (HS*)</option>
              <option value="publicKey">Public key (PEM)</option>
              <option value="jwksUrl">JWKS URL</option>
            </select>
          </Field>
          {source === 'secret' ? (
            <TextInput
              path="auth.secret"
              label="Secret"
              mono
              hint="At least 32 characters."
              type="password"
            />
          ) : null}
          {source === 'publicKey' ? <PemInput /> : null}
          {source === 'jwksUrl' ? (
            <TextInput
              path="auth.jwksUrl"
              label="JWKS URL"
              mono
              placeholder="https://idp.example.com/.well-known/jwks.json"
            />
          ) : null}
          <Field
            label="Allowed algorithms"
            error={error('auth.algorithms')}
            hint="Tokens signed any other way are refused."
          >
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {algorithms.map((alg) => (
                <label
                  key={alg}
                  className="inline-flex items-center gap-1.5 font-mono text-xs text-zinc-700"
                >
                  <input
                    type="checkbox"
                    disabled={readOnly}
                    checked={chosen.includes(alg)}
                    onChange={(e) =>
                      set(
                        'auth.algorithms',
                        e.target.checked ? [...chosen, alg] : chosen.filter((a) => a !== alg),
                      )
                    }
                    className="size-3.5 accent-accent-600"
                  />
                  {alg}
                </label>
              ))}
            </div>
          </Field>
          <Grid>
            <TextInput path="auth.issuer" label="Issuer (iss)" hint="Optional." />
            <TextInput path="auth.audience" label="Audience (aud)" hint="Optional." />
            <TextInput
              path="auth.subjectClaim"
              label="Subject claim"
              mono
              hint="Identifies the caller."
            />
            <TextInput
              path="auth.policyClaim"
              label="Policy claim"
              mono
              hint="Names the policy that sets limits."
            />
            <SelectInput
              path="auth.defaultPolicyId"
              label="Default policy"
              hint="When the token names none."
              options={[
                { value: '', label: 'None' },
                ...policies.map((p) => ({ value: p.id, label: p.name })),
              ]}
            />
          </Grid>
        </div>
      ) : null}
    </Section>
  );
}

function PemInput() {
  const { get, set, error, readOnly } = useDraft();
  const value = get('auth.publicKey');
  return (
    <Field
      label="Public key"
      htmlFor="field-auth-publicKey"
      error={error('auth.publicKey')}
      hint="SPKI PEM: -----BEGIN PUBLIC KEY-----"
    >
      <textarea
        id="field-auth-publicKey"
        rows={5}
        disabled={readOnly}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => set('auth.publicKey', e.target.value)}
        className={`${inputClasses} font-mono text-xs`}
      />
    </Field>
  );
}
