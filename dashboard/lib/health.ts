// Whether the dashboard's stores answer: MongoDB decides readiness, Redis is reported alongside.
import { mongo, redis } from './db';

export interface Health {
  status: 'ok' | 'unavailable';
  mongodb: 'ok' | 'down';
  redis: 'ok' | 'down';
}

async function answers(probe: () => Promise<unknown>): Promise<'ok' | 'down'> {
  try {
    await probe();
    return 'ok';
  } catch {
    return 'down';
  }
}

export async function checkHealth(): Promise<Health> {
  const [mongodb, redisState] = await Promise.all([
    answers(() => mongo().command({ ping: 1 })),
    answers(() => redis().ping()),
  ]);
  return { status: mongodb === 'ok' ? 'ok' : 'unavailable', mongodb, redis: redisState };
}
