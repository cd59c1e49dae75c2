// Reading the environment: one line naming the variable on bad input, secrets generated, never defaulted.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

/** A configuration problem: printed as one line, and the process stops. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

export function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
    throw new ConfigError(name, `must be a port number from 0 to 65535 (got "${raw}")`);
  }
  return port;
}

export function readInt(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

export function readUrl(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!URL.canParse(raw)) throw new ConfigError(name, 'is not a valid URL');
  const protocol = new URL(raw).protocol.replace(/:$/, '');
  if (!protocols.includes(protocol)) {
    throw new ConfigError(name, `must use ${protocols.map((p) => p + '://').join(' or ')}`);
  }
  return raw;
}

export function requireValue<T>(value: T | undefined, name: string, hint: string): T {
  if (value === undefined) throw new ConfigError(name, `is not set (${hint})`);
  return value;
}

export function readHost(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9.:_-]+$/.test(raw))
    throw new ConfigError(name, `is not a host or address (got "${raw}")`);
  return raw;
}

export function readDataDir(env: Env): string {
  const dir = resolve(env.TURNPIKE_DATA_DIR || '.data');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigError(
      'TURNPIKE_DATA_DIR',
      `cannot create ${dir} (${(error as Error).message})`,
    );
  }
  return dir;
}

/**
 * A secret from `name` when set (it must be at least 32 characters), else the one generated into
 * the data dir on first run. Creation is exclusive, so processes starting together agree on one.
 */
export function readSecret(env: Env, name: string, dataDir: string, fileName: string): string {
  const raw = env[name];
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
    return raw;
  }
  const file = join(dataDir, fileName);
  try {
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError(
        name,
        `is not set and ${file} cannot be written (${(error as Error).message})`,
      );
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32)
    throw new ConfigError(name, `is not set and ${file} holds no valid secret`);
  return secret;
}

export function readRedisPrefix(env: Env): string {
  const raw = env.TURNPIKE_REDIS_PREFIX;
  if (raw === undefined || raw === '') return 'tp:';
  if (!/^[A-Za-z0-9:_-]{1,64}$/.test(raw)) {
    throw new ConfigError(
      'TURNPIKE_REDIS_PREFIX',
      'letters, digits, ":", "_" and "-" only, at most 64',
    );
  }
  return raw;
}

export function defaultWorkers(): number {
  return Math.max(1, cpus().length);
}

/**
 * Runs a service's main function: a configuration error prints one line and exits 1; any other
 * start-up failure prints its message (no stack unless TURNPIKE_DEBUG is set) and exits 1.
 */
export function runMain(service: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`${service}: configuration error: ${error.message}`);
    } else if (process.env.TURNPIKE_DEBUG) {
      console.error(`${service}: failed to start:`, error);
    } else {
      console.error(`${service}: failed to start: ${(error as Error)?.message ?? String(error)}`);
    }
    process.exit(1);
  });
}
