// Any address the dashboard does not know.
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center px-4 text-center">
      <p className="text-xs font-medium tracking-wide text-zinc-400 uppercase">404</p>
      <h1 className="mt-2 text-xl font-semibold">Nothing here</h1>
      <p className="mt-1 text-sm text-zinc-500">
        This page does not exist, or what it showed was deleted.
      </p>
      <Link href="/apis" className={`mt-6 ${buttonClasses('primary')}`}>
        Back to APIs
      </Link>
    </main>
  );
}
