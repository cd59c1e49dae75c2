// GET /api/users and POST /api/users (admins only).
import { withAdmin } from '@/lib/auth/with-admin';
import { json, readJson } from '@/lib/http';
import { createUser, listUsers } from '@/lib/users/manage-users';

export const GET = withAdmin(async () => json({ items: await listUsers() }), {
  permission: 'users:read',
});

export const POST = withAdmin(
  async (request, { user }) => json(await createUser(await readJson(request), user), 201),
  {
    permission: 'users:write',
  },
);
