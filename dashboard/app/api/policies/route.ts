// GET /api/policies and POST /api/policies.
import { withAdmin } from '@/lib/auth/with-admin';
import { json, readJson } from '@/lib/http';
import { createPolicy } from '@/lib/policies/save-policy';
import { listPolicies } from '@/lib/policies/store';

export const GET = withAdmin(async () => json({ items: await listPolicies() }), {
  permission: 'policies:read',
});

export const POST = withAdmin(
  async (request, { user }) => json(await createPolicy(await readJson(request), user), 201),
  {
    permission: 'policies:write',
  },
);
