// One dashboard user: role, status and password (admins only).
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { guardStore } from '@/components/store-guard';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { formatTime } from '@/lib/format';
import { toAdminUser, users } from '@/lib/users/store';
import { UserForm } from '../user-form';

export const metadata: Metadata = { title: 'User' };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return guardStore(async () => {
    const user = await requireUser();
    if (!can(user.role, 'users:write')) {
      return (
        <>
          <PageHeader title="User" back={{ href: '/users', label: 'Users' }} />
          <Forbidden what="Managing users" />
        </>
      );
    }
    const doc = await users().findOne({ _id: id });
    if (!doc) notFound();
    const member = toAdminUser(doc);
    return (
      <>
        <PageHeader
          back={{ href: '/users', label: 'Users' }}
          title={member.name}
          description={`${member.email} · added ${formatTime(member.createdAt)} · last sign-in ${member.lastLoginAt ? formatTime(member.lastLoginAt) : 'never'}`}
        />
        <div className="max-w-2xl">
          <UserForm
            userId={member.id}
            isSelf={member.id === user.id}
            initial={{
              email: member.email,
              name: member.name,
              role: member.role,
              active: member.active,
              password: '',
            }}
          />
        </div>
      </>
    );
  });
}
