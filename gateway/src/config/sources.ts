// Where configuration comes from: MongoDB, a declarative file, or the last good snapshot on disk.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiDefinitionSchema,
  ConfigError,
  declarativeKeySchema,
  fieldErrors,
  hashKey,
  policySchema,
  type ApiDefinition,
  type KeyRecord,
  type Policy,
} from '@turnpike/common';
import type { Db, Document } from 'mongodb';
import { z } from 'zod';

export interface ConfigData {
  apis: ApiDefinition[];
  policies: Policy[];
}

function withoutId(document: Document): Record<string, unknown> {
  const { _id: _ignored, createdAt: _c, updatedAt: _u, ...rest } = document;
  return rest;
}

/** Reads every API and policy; a document that fails the schema is skipped and reported, not fatal. */
export async function loadFromMongo(db: Db, warn: (line: string) => void): Promise<ConfigData> {
  const [apiDocs, policyDocs] = await Promise.all([
    db.collection('apis').find({}, { maxTimeMS: 5000 }).toArray(),
    db.collection('policies').find({}, { maxTimeMS: 5000 }).toArray(),
  ]);
  const apis: ApiDefinition[] = [];
  for (const doc of apiDocs) {
    const parsed = apiDefinitionSchema.safeParse(withoutId(doc));
    if (parsed.success) apis.push(parsed.data);
    else
      warn(
        `skipping API ${String(doc._id)}: ${fieldErrors(parsed.error)
          .map((f) => `${f.path} ${f.message}`)
          .join('; ')}`,
      );
  }
  const policies: Policy[] = [];
  for (const doc of policyDocs) {
    const parsed = policySchema.safeParse(withoutId(doc));
    if (parsed.success) policies.push(parsed.data);
    else
      warn(
        `skipping policy ${String(doc._id)}: ${fieldErrors(parsed.error)
          .map((f) => f.path)
          .join(', ')}`,
      );
  }
  return { apis, policies };
}

const declarativeSchema = z.object({
  apis: z.array(apiDefinitionSchema).default([]),
  policies: z.array(policySchema).default([]),
  keys: z.array(declarativeKeySchema).default([]),
});

/** Declarative mode: the whole configuration from one JSON file; raw keys are hashed here and dropped. */
export function loadFromFile(path: string): ConfigData & { keys: Map<string, KeyRecord> } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      'GATEWAY_CONFIG_FILE',
      `cannot read ${path} as JSON (${(error as Error).message})`,
    );
  }
  const parsed = declarativeSchema.safeParse(json);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error).map((f) => `${f.path}: ${f.message}`);
    throw new ConfigError('GATEWAY_CONFIG_FILE', `invalid: ${fields.join('; ')}`);
  }
  const now = new Date().toISOString();
  const keys = new Map<string, KeyRecord>();
  for (const { key, ...rest } of parsed.data.keys) {
    const hash = hashKey(key);
    keys.set(hash, { ...rest, hash, createdAt: now });
  }
  return { apis: parsed.data.apis, policies: parsed.data.policies, keys };
}

const SNAPSHOT_FILE = 'gateway-snapshot.json';

/** Writes the last good configuration atomically: a reader sees the old file or the new one, whole. */
export function writeSnapshot(dataDir: string, data: ConfigData): void {
  const file = join(dataDir, SNAPSHOT_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ savedAt: new Date().toISOString(), ...data }), {
    mode: 0o600,
  });
  renameSync(temp, file);
}

export function readSnapshot(dataDir: string): (ConfigData & { savedAt: string }) | null {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dataDir, SNAPSHOT_FILE), 'utf8'));
  } catch {
    return null;
  }
  const parsed = z
    .object({
      savedAt: z.string(),
      apis: z.array(apiDefinitionSchema),
      policies: z.array(policySchema),
    })
    .safeParse(json);
  return parsed.success ? parsed.data : null;
}
