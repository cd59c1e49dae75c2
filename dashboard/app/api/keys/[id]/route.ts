// GET, PUT and DELETE (revoke) /api/keys/{id}.
import { withAdmin } from '@/lib/auth/with-admin';
import { json, noContent, readJson } from '@/lib/http';
import { revokeKey } from '@/lib/keys/revoke-key';
import { getKeyRecord, publicKey } from '@/lib/keys/store';
import { updateKey } from '@/lib/keys/update-key';

export const GET = withAdmin(
  async (_request, { params }) => json(publicKey(await getKeyRecord(params.id!))),
  {
    permission: 'keys:read',
  },
);

export const PUT = withAdmin(
  async (request, { params, user }) =>
    json(await updateKey(params.id!, await readJson(request), user)),
  {
    permission: 'keys:write',
  },
);

export const DELETE = withAdmin(
  async (_request, { params, user }) => {
    await revokeKey(params.id!, user);
    return noContent();
  },
  { permission: 'keys:write' },
);
