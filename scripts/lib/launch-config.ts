// What `npm start` reads from the environment, checked up front: a bad value stops it with one line.
import {
  ConfigError,
  readDataDir,
  readPort,
  readRedisPrefix,
  readSecret,
  readUrl,
} from '@turnpike/common';

export const SERVICE_NAMES = ['gateway', 'pump', 'dashboard'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface LaunchConfig {
  /** The services to run: all of them, or the one named on the command line. */
  services: ServiceName[];
  /** Absolute; handed to every child so they agree on snapshots and generated secrets. */
  dataDir: string;
  gatewayPort: number;
  gatewayControlPort: number;
  gatewayInternalPort: number;
  dashboardPort: number;
  /** Where the embedded FerretDB listens when MONGODB_URL is not set. */
  ferretdbPort: number;
  mongodbUrl: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
}

type Env = Record<string, string | undefined>;

/** Like readPort, but 0 ("any free port") is refused: the launcher must know where to look. */
function readFixedPort(env: Env, name: string, fallback: number): number {
  const port = readPort(env, name, fallback);
  if (port === 0) throw new ConfigError(name, 'must be a port number from 1 to 65535 (got "0")');
  return port;
}

export function readLaunchConfig(env: Env, args: readonly string[]): LaunchConfig {
  const [only, ...extra] = args;
  if (extra.length > 0 || (only !== undefined && !SERVICE_NAMES.includes(only as ServiceName))) {
    throw new Error(`usage: start.ts [${SERVICE_NAMES.join('|')}] (got "${args.join(' ')}")`);
  }
  const config: LaunchConfig = {
    services: only ? [only as ServiceName] : [...SERVICE_NAMES],
    gatewayPort: readFixedPort(env, 'GATEWAY_PORT', 8080),
    gatewayControlPort: readFixedPort(env, 'GATEWAY_CONTROL_PORT', 8081),
    gatewayInternalPort: readFixedPort(env, 'GATEWAY_INTERNAL_PORT', 8082),
    dashboardPort: readFixedPort(env, 'DASHBOARD_PORT', 3000),
    ferretdbPort: readFixedPort(env, 'TURNPIKE_FERRETDB_PORT', 27027),
    mongodbUrl: readUrl(env, 'MONGODB_URL', ['mongodb', 'mongodb+srv']),
    redisUrl: readUrl(env, 'REDIS_URL', ['redis', 'rediss']),
    redisPrefix: readRedisPrefix(env),
    dataDir: readDataDir(env),
  };
  // Generated here, before any child starts, so the gateway and the dashboard read the same one.
  readSecret(env, 'GATEWAY_SECRET', config.dataDir, 'gateway-secret');
  return config;
}

/** The environment every child gets: the caller's, with the values the launcher settled on. */
export function childEnv(
  config: LaunchConfig,
  mongodbUrl: string,
  redisUrl: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TURNPIKE_DATA_DIR: config.dataDir,
    MONGODB_URL: mongodbUrl,
    REDIS_URL: redisUrl,
    TURNPIKE_REDIS_PREFIX: config.redisPrefix,
    GATEWAY_PORT: String(config.gatewayPort),
    GATEWAY_CONTROL_PORT: String(config.gatewayControlPort),
    GATEWAY_INTERNAL_PORT: String(config.gatewayInternalPort),
    DASHBOARD_PORT: String(config.dashboardPort),
    NEXT_TELEMETRY_DISABLED: '1',
  };
}
