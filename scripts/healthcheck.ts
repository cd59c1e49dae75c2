// Container health check of a service that has no HTTP port (the pump): exits 0 when it is consuming.
import { readRedisPrefix, readUrl, requireValue, runMain } from '@turnpike/common';
import { analyticsWorkerProbe } from './lib/readiness';

runMain('healthcheck', async () => {
  const redisUrl = requireValue(
    readUrl(process.env, 'REDIS_URL', ['redis', 'rediss']),
    'REDIS_URL',
    'Redis is needed',
  );
  const probe = analyticsWorkerProbe(redisUrl, readRedisPrefix(process.env));
  const ready = await probe.ready();
  await probe.close();
  if (!ready) throw new Error('no pump worker is registered on the analytics queue');
  process.exit(0);
});
