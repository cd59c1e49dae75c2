// Dashboard users and their roles (admins only).
import type { Metadata } from 'next';
import Link from 'next/link';
import { guardStore } from '@/components/store-guard';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { formatTime } from '@/lib/format';
import { listUsers } from '@/lib/users/manage-users';

export const metadata: Metadata = { title: 'Users' };

const ROLE_TONES = { admin: 'indigo', editor: 'green', viewer: 'zinc' } as const;

export default async function UsersPage() {
  return guardStore(async () => {
    const user = await requireUser();
    if (!can(user.role, 'users:read')) {
      return (
        <>
          <PageHeader title="Users" />
          <Forbidden what="Users and roles" />
        </>
      );
    }
    const users = await listUsers();
    return (
      <>
        <PageHeader
          title="Users"
          description="People who can sign in to this dashboard, and what their role lets them do."
          actions={
            <Link href="/users/new" className={buttonClasses('primary')}>
              Add user
            </Link>
          }
        />
        <Table>
          <thead>
            <tr>
              <Th>User</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th className="text-right">Last sign-in</Th>
            </tr>
          </thead>
          <tbody>
            {users.map((member) => (
              <tr key={member.id} className="group hover:bg-zinc-50/80">
                <Td>
                  <Link
                    href={`/users/${member.id}`}
                    className="font-medium text-zinc-900 group-hover:text-accent-700"
                  >
                    {member.name}
                  </Link>
                  {member.id === user.id ? (
                    <span className="ml-2 text-xs text-zinc-400">you</span>
                  ) : null}
                  <div className="text-xs text-zinc-400">{member.email}</div>
                </Td>
                <Td>
                  <Badge tone={ROLE_TONES[member.role]}>{member.role}</Badge>
                </Td>
                <Td>
                  {member.active ? (
                    <Badge tone="green" dot>
                      Active
                    </Badge>
                  ) : (
                    <Badge dot>Deactivated</Badge>
                  )}
                </Td>
                <Td className="text-right text-xs text-zinc-500">
                  {member.lastLoginAt ? formatTime(member.lastLoginAt) : 'Never'}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </>
    );
  });
}
