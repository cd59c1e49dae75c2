// The dashboard's settings, read from the environment once and checked (a bad value is a ConfigError).
import { ConfigError, readDataDir, readRedisPrefix, readSecret, readUrl } from '@turnpike/common';

export interface DashboardConfig {
  mongodbUrl: string;
  /** The database named in MONGODB_URL's path, `turnpike` when it names none. */
  dbName: string;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
  /** Signs session cookies and bearer tokens. */
  sessionSecret: string;
  /** Signs the change notices gateways act on. */
  gatewaySecret: string;
}

const DEFAULT_MONGODB_URL = 'mongodb://127.0.0.1:27017/turnpike';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

let loaded: DashboardConfig | undefined;

export function dashboardConfig(): DashboardConfig {
  loaded ??= readConfig(process.env);
  return loaded;
}

function readConfig(env: Record<string, string | undefined>): DashboardConfig {
  const mongodbUrl = readUrl(env, 'MONGODB_URL', ['mongodb', 'mongodb+srv']) ?? DEFAULT_MONGODB_URL;
  const redisUrl = readUrl(env, 'REDIS_URL', ['redis', 'rediss']) ?? DEFAULT_REDIS_URL;
  const dbName = decodeURIComponent(new URL(mongodbUrl).pathname.replace(/^\//, '')) || 'turnpike';
  if (/[/\\. "$]/.test(dbName))
    throw new ConfigError('MONGODB_URL', `names an invalid database "${dbName}"`);
  const dataDir = readDataDir(env);
  return {
    mongodbUrl,
    dbName,
    redisUrl,
    redisPrefix: readRedisPrefix(env),
    dataDir,
    sessionSecret: readSecret(env, 'TURNPIKE_SESSION_SECRET', dataDir, 'session-secret'),
    gatewaySecret: readSecret(env, 'GATEWAY_SECRET', dataDir, 'gateway-secret'),
  };
}
