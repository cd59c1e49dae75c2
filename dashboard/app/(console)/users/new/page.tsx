// Adding a dashboard user (admins only).
import type { Metadata } from 'next';
import { guardStore } from '@/components/store-guard';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { UserForm } from '../user-form';

export const metadata: Metadata = { title: 'Add user' };

export default async function NewUserPage() {
  return guardStore(async () => {
    const user = await requireUser();
    const header = <PageHeader title="Add user" back={{ href: '/users', label: 'Users' }} />;
    if (!can(user.role, 'users:write')) {
      return (
        <>
          {header}
          <Forbidden what="Managing users" />
        </>
      );
    }
    return (
      <>
        {header}
        <div className="max-w-2xl">
          <UserForm initial={{ email: '', name: '', role: 'viewer', active: true, password: '' }} />
        </div>
      </>
    );
  });
}
