// Runs limit.lua: every rate limit and the quota of a request in one atomic Redis round trip.
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

const SCRIPT = readFileSync(new URL('./limit.lua', import.meta.url), 'utf8');

export interface RateSpec {
  key: string;
  rate: number;
  perMs: number;
}

export interface QuotaSpec {
  key: string;
  max: number;
  renewalMs: number;
}

export interface RateState {
  limit: number;
  remaining: number;
  resetMs: number;
}

export interface LimitResult {
  allowed: boolean;
  denied: 'rate' | 'quota' | null;
  retryAfterMs: number;
  rates: RateState[];
  quota: RateState | null;
}

type LimitCommand = (numKeys: number, ...args: (string | number)[]) => Promise<number[]>;

export class Limiter {
  private readonly command: LimitCommand;

  constructor(redis: Redis) {
    // defineCommand sends EVALSHA and falls back to EVAL once if Redis lost the script.
    redis.defineCommand('turnpikeLimit', { lua: SCRIPT });
    this.command = (redis as unknown as { turnpikeLimit: LimitCommand }).turnpikeLimit.bind(redis);
  }

  async check(rates: readonly RateSpec[], quota: QuotaSpec | null): Promise<LimitResult> {
    const args: (string | number)[] = [];
    for (const r of rates) args.push(r.key);
    if (quota) args.push(quota.key);
    args.push(rates.length, quota ? '1' : '0');
    for (const r of rates) args.push(r.rate, r.perMs);
    if (quota) args.push(quota.max, quota.renewalMs);
    const reply = await this.command(rates.length + (quota ? 1 : 0), ...args);
    const states: RateState[] = rates.map((r, i) => ({
      limit: r.rate,
      remaining: Math.max(0, reply[3 + 2 * i] ?? 0),
      resetMs: Math.max(0, reply[4 + 2 * i] ?? 0),
    }));
    const q = 3 + 2 * rates.length;
    return {
      allowed: reply[0] === 1,
      denied: reply[1] === 1 ? 'rate' : reply[1] === 2 ? 'quota' : null,
      retryAfterMs: reply[2] ?? 0,
      rates: states,
      quota: quota
        ? {
            limit: quota.max,
            remaining: Math.max(0, reply[q] ?? 0),
            resetMs: Math.max(0, reply[q + 1] ?? 0),
          }
        : null,
    };
  }
}
