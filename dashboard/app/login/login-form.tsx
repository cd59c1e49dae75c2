'use client';
// The sign-in form: posts to /api/auth/login, which sets the session cookie.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';

export function LoginForm({ storeDown }: { storeDown: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(
    storeDown
      ? 'The database is not answering; sign-in will work again once MongoDB is back.'
      : null,
  );
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
      });
      if (response.ok) {
        router.replace('/apis');
        router.refresh();
        return;
      }
      if (response.status === 429) {
        const wait = Number(response.headers.get('Retry-After') ?? '60');
        setError(
          `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
        );
      } else if (response.status === 503) {
        setError('The database is not answering; try again in a moment.');
      } else {
        setError('Wrong e-mail or password.');
      }
    } catch {
      setError('The dashboard could not be reached.');
    }
    setBusy(false);
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-xs"
      noValidate
    >
      <Field label="E-mail" htmlFor="email">
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className={inputClasses}
        />
      </Field>
      <Field label="Password" htmlFor="password">
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClasses}
        />
      </Field>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-700">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" className="w-full" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
