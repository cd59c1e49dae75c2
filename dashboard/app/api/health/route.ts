// GET /api/health: unauthenticated liveness; 200 when MongoDB answers, 503 otherwise.
import { json } from '@/lib/http';
import { checkHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const health = await checkHealth();
  return json(health, health.status === 'ok' ? 200 : 503);
}
