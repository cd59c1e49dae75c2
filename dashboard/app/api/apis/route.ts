// GET /api/apis (search, status, paging) and POST /api/apis.
import { withAdmin } from '@/lib/auth/with-admin';
import { createApi } from '@/lib/apis/create-api';
import { listApis } from '@/lib/apis/list-apis';
import { json, readJson } from '@/lib/http';
import { queryOf } from '@/lib/query';

export const GET = withAdmin(async (request) => json(await listApis(queryOf(request))), {
  permission: 'apis:read',
});

export const POST = withAdmin(
  async (request, { user }) => json(await createApi(await readJson(request), user), 201),
  {
    permission: 'apis:write',
  },
);
