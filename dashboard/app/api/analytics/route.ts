// GET /api/analytics: totals and a time series of the gateway's traffic, from the pump's aggregates.
import { readAnalytics } from '@/lib/analytics/read-analytics';
import { withAdmin } from '@/lib/auth/with-admin';
import { mongo } from '@/lib/db';
import { json } from '@/lib/http';
import { queryOf } from '@/lib/query';

export const GET = withAdmin(
  async (request) => json(await readAnalytics(mongo(), queryOf(request))),
  {
    permission: 'analytics:read',
  },
);
