// The gateway's environment, read once at start; a bad value stops the process with one line.
import {
  ConfigError,
  defaultWorkers,
  readDataDir,
  readHost,
  readInt,
  readPort,
  readRedisPrefix,
  readSecret,
  readUrl,
  requireValue,
  cidrSchema,
} from '@turnpike/common';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface GatewayEnv {
  port: number;
  host: string | undefined;
  controlPort: number;
  internalPort: number;
  internalHost: string;
  mongodbUrl: string | undefined;
  redisUrl: string;
  redisPrefix: string;
  secret: string;
  configFile: string | undefined;
  workers: number;
  dataDir: string;
  trustedProxies: string[];
}

export function readGatewayEnv(env: Record<string, string | undefined> = process.env): GatewayEnv {
  const dataDir = readDataDir(env);
  const configFile = env.GATEWAY_CONFIG_FILE ? resolve(env.GATEWAY_CONFIG_FILE) : undefined;
  if (configFile !== undefined && !existsSync(configFile)) {
    throw new ConfigError('GATEWAY_CONFIG_FILE', `${configFile} does not exist`);
  }
  const mongodbUrl = readUrl(env, 'MONGODB_URL', ['mongodb', 'mongodb+srv']);
  if (configFile === undefined) {
    requireValue(
      mongodbUrl,
      'MONGODB_URL',
      'or set GATEWAY_CONFIG_FILE for declarative mode; `npm start` sets it',
    );
  }
  const trustedProxies = (env.GATEWAY_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const cidr of trustedProxies) {
    if (!cidrSchema.safeParse(cidr).success) {
      throw new ConfigError(
        'GATEWAY_TRUSTED_PROXIES',
        `"${cidr}" is not an IPv4 or IPv6 address or CIDR`,
      );
    }
  }
  return {
    port: readPort(env, 'GATEWAY_PORT', 8080),
    host: env.GATEWAY_HOST ? readHost(env, 'GATEWAY_HOST', '') : undefined,
    controlPort: readPort(env, 'GATEWAY_CONTROL_PORT', 8081),
    internalPort: readPort(env, 'GATEWAY_INTERNAL_PORT', 8082),
    internalHost: readHost(env, 'GATEWAY_INTERNAL_HOST', '127.0.0.1'),
    mongodbUrl,
    redisUrl: requireValue(
      readUrl(env, 'REDIS_URL', ['redis', 'rediss']),
      'REDIS_URL',
      '`npm start` sets it',
    ),
    redisPrefix: readRedisPrefix(env),
    secret: readSecret(env, 'GATEWAY_SECRET', dataDir, 'gateway-secret'),
    configFile,
    workers: readInt(env, 'GATEWAY_WORKERS', defaultWorkers(), 1, 64),
    dataDir,
    trustedProxies,
  };
}
