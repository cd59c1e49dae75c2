// GET /api/audit: who changed what, newest first.
import { listAudit } from '@/lib/audit/list-audit';
import { withAdmin } from '@/lib/auth/with-admin';
import { json } from '@/lib/http';
import { queryOf } from '@/lib/query';

export const GET = withAdmin(async (request) => json(await listAudit(queryOf(request))), {
  permission: 'audit:read',
});
