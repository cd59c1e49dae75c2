// GET, PUT and DELETE /api/users/{id} (admins only).
import { withAdmin } from '@/lib/auth/with-admin';
import { json, noContent, readJson } from '@/lib/http';
import { deleteUser, getUser, updateUser } from '@/lib/users/manage-users';

export const GET = withAdmin(async (_request, { params }) => json(await getUser(params.id!)), {
  permission: 'users:read',
});

export const PUT = withAdmin(
  async (request, { params, user }) =>
    json(await updateUser(params.id!, await readJson(request), user)),
  {
    permission: 'users:write',
  },
);

export const DELETE = withAdmin(
  async (_request, { params, user }) => {
    await deleteUser(params.id!, user);
    return noContent();
  },
  { permission: 'users:write' },
);
