// GET /api/logs: the request log (analytics records), newest first, paged by cursor.
import { readLogs } from '@/lib/analytics/read-logs';
import { withAdmin } from '@/lib/auth/with-admin';
import { mongo } from '@/lib/db';
import { json } from '@/lib/http';
import { queryOf } from '@/lib/query';

export const GET = withAdmin(async (request) => json(await readLogs(mongo(), queryOf(request))), {
  permission: 'analytics:read',
});
