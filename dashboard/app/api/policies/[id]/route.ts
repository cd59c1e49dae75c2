// GET, PUT and DELETE /api/policies/{id}.
import { withAdmin } from '@/lib/auth/with-admin';
import { json, noContent, readJson } from '@/lib/http';
import { deletePolicy } from '@/lib/policies/delete-policy';
import { updatePolicy } from '@/lib/policies/save-policy';
import { getPolicy } from '@/lib/policies/store';

export const GET = withAdmin(async (_request, { params }) => json(await getPolicy(params.id!)), {
  permission: 'policies:read',
});

export const PUT = withAdmin(
  async (request, { params, user }) =>
    json(await updatePolicy(params.id!, await readJson(request), user)),
  { permission: 'policies:write' },
);

export const DELETE = withAdmin(
  async (_request, { params, user }) => {
    await deletePolicy(params.id!, user);
    return noContent();
  },
  { permission: 'policies:write' },
);
