// GET /api/auth/me: the signed-in user and what their role allows.
import { withAdmin } from '@/lib/auth/with-admin';
import { PERMISSIONS, can } from '@/lib/auth/roles';
import { json } from '@/lib/http';

export const GET = withAdmin(
  async (_request, { user }) =>
    json({ user, permissions: PERMISSIONS.filter((p) => can(user.role, p)) }),
  { permission: 'apis:read' },
);
