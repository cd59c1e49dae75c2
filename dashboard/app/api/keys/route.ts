// GET /api/keys (search, paging) and POST /api/keys, which answers the raw key once.
import { withAdmin } from '@/lib/auth/with-admin';
import { json, readJson } from '@/lib/http';
import { issueKey } from '@/lib/keys/issue-key';
import { listKeys } from '@/lib/keys/list-keys';
import { queryOf } from '@/lib/query';

export const GET = withAdmin(async (request) => json(await listKeys(queryOf(request))), {
  permission: 'keys:read',
});

export const POST = withAdmin(
  async (request, { user }) => json(await issueKey(await readJson(request), user), 201),
  {
    permission: 'keys:write',
  },
);
