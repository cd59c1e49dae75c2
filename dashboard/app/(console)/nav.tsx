'use client';
// The console's navigation: a sidebar on wide screens, a drawer behind a menu button on phones.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { icons, type IconName } from '@/components/icons';

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
}

export interface NavUser {
  name: string;
  email: string;
  role: string;
}

function Logo() {
  return (
    <Link
      href="/apis"
      className="flex items-center gap-2 px-2 text-[15px] font-semibold tracking-tight text-zinc-900"
    >
      <span className="grid size-6 place-items-center rounded-md bg-zinc-900 text-[11px] font-bold text-white">
        T
      </span>
      Turnpike
    </Link>
  );
}

function Links({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="space-y-0.5">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(item.href + '/');
        return (
          <Link
            key={item.href}
            href={item.href}
            onClick={onNavigate}
            aria-current={active ? 'page' : undefined}
            className={`flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm transition-colors ${
              active
                ? 'bg-white font-medium text-zinc-900 shadow-xs ring-1 ring-zinc-200'
                : 'text-zinc-600 hover:bg-zinc-200/50 hover:text-zinc-900'
            }`}
          >
            <span className={active ? 'text-accent-600' : 'text-zinc-400'}>{icons[item.icon]}</span>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

function Account({ user }: { user: NavUser }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await fetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    router.replace('/login');
    router.refresh();
  }
  return (
    <div className="flex items-center gap-2 border-t border-zinc-200 px-2 pt-3">
      <div
        className="grid size-8 shrink-0 place-items-center rounded-full bg-accent-100 text-xs font-semibold text-accent-700"
        aria-hidden
      >
        {(user.name || user.email).slice(0, 1).toUpperCase()}
      </div>
      <div className="min-w-0 flex-1">
        <p className="truncate text-xs font-medium text-zinc-900">{user.email}</p>
        <p className="text-xs text-zinc-500 capitalize">{user.role}</p>
      </div>
      <button
        type="button"
        onClick={signOut}
        disabled={busy}
        className="rounded-md px-2 py-1 text-xs text-zinc-500 hover:bg-zinc-200/60 hover:text-zinc-900"
      >
        Sign out
      </button>
    </div>
  );
}

export function ConsoleNav({ items, user }: { items: NavItem[]; user: NavUser }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <aside className="fixed inset-y-0 left-0 z-20 hidden w-60 flex-col gap-6 border-r border-zinc-200 bg-zinc-100/70 px-3 py-4 lg:flex">
        <Logo />
        <div className="flex-1 overflow-y-auto">
          <Links items={items} />
        </div>
        <Account user={user} />
      </aside>
      <header className="sticky top-0 z-20 flex h-14 items-center justify-between border-b border-zinc-200 bg-white/90 px-4 backdrop-blur lg:hidden">
        <Logo />
        <button
          type="button"
          aria-expanded={open}
          aria-controls="mobile-nav"
          onClick={() => setOpen((value) => !value)}
          className="rounded-md p-2 text-zinc-600 hover:bg-zinc-100"
        >
          <span className="sr-only">{open ? 'Close menu' : 'Open menu'}</span>
          <svg
            viewBox="0 0 24 24"
            className="size-5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            aria-hidden
          >
            {open ? <path d="M6 6l12 12M18 6 6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
        </button>
      </header>
      {open ? (
        <div
          id="mobile-nav"
          className="fixed inset-x-0 top-14 bottom-0 z-30 flex flex-col gap-4 bg-zinc-50 px-4 py-4 lg:hidden"
        >
          <div className="flex-1 overflow-y-auto">
            <Links items={items} onNavigate={() => setOpen(false)} />
          </div>
          <Account user={user} />
        </div>
      ) : null}
    </>
  );
}
