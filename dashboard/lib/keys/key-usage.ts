// A key's live limits, read from the gateway's Redis state: quota used and left, rate-limit headroom.
import type { Quota, RateLimit } from '@turnpike/common';
import { keyNames, redis } from '../db';
import { policies } from '../policies/store';
import { getKeyRecord } from './store';

export interface QuotaUsage {
  max: number;
  renewalSeconds: number;
  /** Null when the gateway has not counted a request in the current period ("not used yet"). */
  used: number | null;
  remaining: number;
  /** Epoch ms when the period ends, or null when no period is running. */
  resetAt: number | null;
}

export interface RateUsage {
  rate: number;
  per: number;
  /** Requests the key could make right now. */
  remaining: number;
  /** Ms until the full burst is available again; 0 when idle. */
  resetInMs: number;
}

export interface KeyUsage {
  /** Where the limits come from: the key's own settings or its policy. */
  source: 'key' | 'policy';
  quota: QuotaUsage | null;
  rateLimit: RateUsage | null;
  at: number;
}

export async function getKeyUsage(id: string): Promise<KeyUsage> {
  const record = await getKeyRecord(id);
  let rateLimit: RateLimit | null = record.rateLimit;
  let quota: Quota | null = record.quota;
  if (record.policyId) {
    const policy = await policies().findOne({ _id: record.policyId });
    rateLimit = policy?.rateLimit ?? null;
    quota = policy?.quota ?? null;
  }
  const names = keyNames();
  const [[, time], [, quotaState], [, tatText]] = (await redis()
    .multi()
    .time()
    .hmget(names.quota(id), 'used', 'resetAt')
    .get(names.rateLimit('key', id))
    .exec()) as [[null, [string, string]], [null, (string | null)[]], [null, string | null]];
  // Redis's clock, as the gateway's limiter uses it.
  const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
  return {
    source: record.policyId ? 'policy' : 'key',
    quota: quota ? quotaUsage(quota, quotaState, now) : null,
    rateLimit: rateLimit ? rateUsage(rateLimit, tatText, now) : null,
    at: now,
  };
}

function quotaUsage(
  quota: Quota,
  [usedText, resetText]: (string | null)[],
  now: number,
): QuotaUsage {
  const resetAt = resetText ? Number(resetText) : null;
  const running = resetAt !== null && resetAt > now;
  const used = running ? Number(usedText ?? 0) : null;
  return {
    max: quota.max,
    renewalSeconds: quota.renewalSeconds,
    used,
    remaining: Math.max(0, quota.max - (used ?? 0)),
    resetAt: running ? resetAt : null,
  };
}

/** GCRA: the stored value is the theoretical arrival time; headroom is what fits before it exceeds the window. */
function rateUsage(limit: RateLimit, tatText: string | null, now: number): RateUsage {
  const perMs = limit.per * 1000;
  const interval = perMs / limit.rate;
  const tat = Math.max(Number(tatText ?? 0), now);
  const remaining = Math.max(
    0,
    Math.min(limit.rate, Math.floor((perMs - (tat - now)) / interval + 1e-9)),
  );
  return { rate: limit.rate, per: limit.per, remaining, resetInMs: Math.ceil(tat - now) };
}
