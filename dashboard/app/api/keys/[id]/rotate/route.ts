// POST /api/keys/{id}/rotate: a new raw key, answered once; the old one stops working.
import { withAdmin } from '@/lib/auth/with-admin';
import { json } from '@/lib/http';
import { rotateKey } from '@/lib/keys/rotate-key';

export const POST = withAdmin(
  async (_request, { params, user }) => json(await rotateKey(params.id!, user)),
  {
    permission: 'keys:write',
  },
);
