// Finds a key's session by hash: in-process cache, then Redis, then MongoDB (which restores Redis).
import { keyRecordSchema, type KeyRecord, type RedisKeys } from '@turnpike/common';
import type { Redis } from 'ioredis';
import type { Collection, Document } from 'mongodb';

export interface Session {
  record: KeyRecord;
  /** Epoch ms, or Infinity. */
  expiresAtMs: number;
}

interface Entry {
  session: Session | null;
  until: number;
}

/** Raised when neither Redis nor MongoDB could answer: the request gets a 503, not a 401. */
export class StoreUnavailableError extends Error {}

const POSITIVE_TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 200_000;

export class SessionStore {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Session | null>>();

  constructor(
    private readonly redis: Redis | null,
    private readonly keys: RedisKeys,
    private readonly keysCollection: () => Collection<Document> | null,
    /** Declarative mode: every session is known up front, by hash. */
    private readonly fixed: Map<string, KeyRecord> | null = null,
  ) {}

  get(hash: string): Session | null | Promise<Session | null> {
    const entry = this.cache.get(hash);
    if (entry !== undefined && entry.until > Date.now()) return entry.session;
    let pending = this.inflight.get(hash);
    if (pending === undefined) {
      pending = this.load(hash).finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, pending);
    }
    return pending;
  }

  /** A key changed somewhere: forget it here so the next request reads it afresh. */
  invalidate(hash: string): void {
    this.cache.delete(hash);
  }

  clear(): void {
    this.cache.clear();
  }

  private async load(hash: string): Promise<Session | null> {
    const session = await this.fetch(hash);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(hash, {
      session,
      until: Date.now() + (session ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS),
    });
    return session;
  }

  private async fetch(hash: string): Promise<Session | null> {
    if (this.fixed) return prepare(this.fixed.get(hash) ?? null);
    let redisFailed = false;
    if (this.redis) {
      try {
        const json = await this.redis.get(this.keys.session(hash));
        if (json !== null) return prepare(parseRecord(JSON.parse(json)));
      } catch {
        redisFailed = true;
      }
    }
    const collection = this.keysCollection();
    if (collection === null) {
      if (redisFailed) throw new StoreUnavailableError('redis');
      return null;
    }
    let document: Document | null;
    try {
      document = await collection.findOne({ hash }, { maxTimeMS: 2000 });
    } catch {
      throw new StoreUnavailableError('mongodb');
    }
    const record = document ? parseRecord(document) : null;
    if (record && this.redis && !redisFailed) {
      // Redis lost it (restart without persistence, eviction): put the source of truth back.
      await this.redis.set(this.keys.session(hash), JSON.stringify(record)).catch(() => undefined);
    }
    return prepare(record);
  }
}

function parseRecord(value: unknown): KeyRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const { _id: _ignored, ...rest } = value as Record<string, unknown>;
  const parsed = keyRecordSchema.safeParse(rest);
  return parsed.success ? parsed.data : null;
}

function prepare(record: KeyRecord | null): Session | null {
  if (record === null) return null;
  return { record, expiresAtMs: record.expiresAt ? Date.parse(record.expiresAt) : Infinity };
}
