// The pump's settings, read once from the environment; a bad value stops the process with one line.
import { ConfigError, readInt, readRedisPrefix, readUrl, requireValue } from '@turnpike/common';

export interface PumpConfig {
  mongodbUrl: string;
  /** The database in MONGODB_URL's path, `turnpike` when it names none. */
  dbName: string;
  redisUrl: string;
  redisPrefix: string;
  /** Batch jobs processed at once by this process. */
  concurrency: number;
  /** Raw records older than this are deleted. */
  retentionDays: number;
}

export function readPumpConfig(env: Record<string, string | undefined> = process.env): PumpConfig {
  const mongodbUrl = requireValue(
    readUrl(env, 'MONGODB_URL', ['mongodb', 'mongodb+srv']),
    'MONGODB_URL',
    '`npm start` sets it',
  );
  const dbName = decodeURIComponent(new URL(mongodbUrl).pathname.replace(/^\//, '')) || 'turnpike';
  if (/[/\\. "$]/.test(dbName))
    throw new ConfigError('MONGODB_URL', `names an invalid database "${dbName}"`);
  return {
    mongodbUrl,
    dbName,
    redisUrl: requireValue(
      readUrl(env, 'REDIS_URL', ['redis', 'rediss']),
      'REDIS_URL',
      '`npm start` sets it',
    ),
    redisPrefix: readRedisPrefix(env),
    concurrency: readInt(env, 'PUMP_CONCURRENCY', 4, 1, 64),
    retentionDays: readInt(env, 'PUMP_RETENTION_DAYS', 30, 1, 3650),
  };
}
