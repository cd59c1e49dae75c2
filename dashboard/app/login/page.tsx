// The sign-in page; a signed-in visitor goes straight to the console.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/current-user';
import { isStoreError } from '@/lib/store-errors';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage() {
  let storeDown = false;
  try {
    if (await currentUser()) redirect('/apis');
  } catch (error) {
    if (!isStoreError(error)) throw error;
    storeDown = true;
  }
  return (
    <main className="flex min-h-dvh items-center justify-center bg-zinc-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <span className="grid size-10 place-items-center rounded-lg bg-zinc-900 text-sm font-bold text-white">
            T
          </span>
          <h1 className="mt-4 text-lg font-semibold tracking-tight">Sign in to Turnpike</h1>
          <p className="mt-1 text-sm text-zinc-500">Manage your APIs, keys and traffic.</p>
        </div>
        <LoginForm storeDown={storeDown} />
      </div>
    </main>
  );
}
