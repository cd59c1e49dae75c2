// GET, PUT and DELETE /api/apis/{id}.
import { withAdmin } from '@/lib/auth/with-admin';
import { deleteApi } from '@/lib/apis/delete-api';
import { getApi } from '@/lib/apis/get-api';
import { updateApi } from '@/lib/apis/update-api';
import { json, noContent, readJson } from '@/lib/http';

export const GET = withAdmin(async (_request, { params }) => json(await getApi(params.id!)), {
  permission: 'apis:read',
});

export const PUT = withAdmin(
  async (request, { params, user }) =>
    json(await updateApi(params.id!, await readJson(request), user)),
  {
    permission: 'apis:write',
  },
);

export const DELETE = withAdmin(
  async (_request, { params, user }) => {
    await deleteApi(params.id!, user);
    return noContent();
  },
  { permission: 'apis:write' },
);
