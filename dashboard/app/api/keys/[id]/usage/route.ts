// GET /api/keys/{id}/usage: live quota and rate-limit state from Redis.
import { withAdmin } from '@/lib/auth/with-admin';
import { json } from '@/lib/http';
import { getKeyUsage } from '@/lib/keys/key-usage';

export const GET = withAdmin(async (_request, { params }) => json(await getKeyUsage(params.id!)), {
  permission: 'keys:read',
});
