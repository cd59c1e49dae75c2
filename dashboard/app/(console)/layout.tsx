// The signed-in console: navigation beside every page; sign-in required, links shown by role.
import type { ReactNode } from 'react';
import { StoreDown } from '@/components/ui/notice';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { isStoreError } from '@/lib/store-errors';
import type { AdminUser } from '@/lib/users/store';
import { ConsoleNav, type NavItem } from './nav';

function navFor(user: AdminUser): NavItem[] {
  const items: NavItem[] = [
    { href: '/apis', label: 'APIs', icon: 'apis' },
    { href: '/keys', label: 'Keys', icon: 'keys' },
    { href: '/policies', label: 'Policies', icon: 'policies' },
    { href: '/analytics', label: 'Analytics', icon: 'analytics' },
    { href: '/logs', label: 'Request log', icon: 'logs' },
    { href: '/audit', label: 'Audit log', icon: 'audit' },
  ];
  if (can(user.role, 'users:read')) items.push({ href: '/users', label: 'Users', icon: 'users' });
  return items;
}

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  let user: AdminUser;
  try {
    user = await requireUser();
  } catch (error) {
    if (!isStoreError(error)) throw error;
    return (
      <main className="mx-auto max-w-2xl px-4 py-16">
        <StoreDown />
      </main>
    );
  }
  return (
    <div className="min-h-dvh">
      <ConsoleNav
        items={navFor(user)}
        user={{ name: user.name, email: user.email, role: user.role }}
      />
      <main className="lg:pl-60">
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-10 lg:py-10">{children}</div>
      </main>
    </div>
  );
}
