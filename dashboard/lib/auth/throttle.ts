// Sign-in throttling: failures counted per e-mail and per IP in Redis; slowed first, then refused.
import { redis } from '../db';
import { loginFailuresKey } from '../redis-keys';

const WINDOW_MS = 15 * 60 * 1000;

interface Limits {
  /** Failures after which each attempt waits a little longer. */
  slowAfter: number;
  /** Failures after which attempts are refused until the window ends. */
  refuseAfter: number;
}

const LIMITS = {
  email: { slowAfter: 5, refuseAfter: 10 },
  ip: { slowAfter: 20, refuseAfter: 50 },
} as const satisfies Record<'email' | 'ip', Limits>;

const STEP_MS = 250;
const MAX_DELAY_MS = 2000;

export type ThrottleVerdict =
  { refused: true; retryAfterSeconds: number } | { refused: false; delayMs: number };

// Counts both failures in one round trip; a counter's window starts at its first failure.
const COUNT_FAILURE = `
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
end
return 1`;

// Reads both counters and the time left on each.
const READ_FAILURES = `
local out = {}
for i, key in ipairs(KEYS) do
  out[#out + 1] = tonumber(redis.call('GET', key) or '0')
  out[#out + 1] = redis.call('PTTL', key)
end
return out`;

function keysFor(email: string, ip: string): [string, string] {
  return [loginFailuresKey('email', email), loginFailuresKey('ip', ip)];
}

export async function checkLogin(email: string, ip: string): Promise<ThrottleVerdict> {
  const [emailCount, emailTtl, ipCount, ipTtl] = (await redis().eval(
    READ_FAILURES,
    2,
    ...keysFor(email, ip),
  )) as number[];
  const counts = [
    { count: emailCount ?? 0, ttl: emailTtl ?? 0, limits: LIMITS.email },
    { count: ipCount ?? 0, ttl: ipTtl ?? 0, limits: LIMITS.ip },
  ];
  let delayMs = 0;
  for (const { count, ttl, limits } of counts) {
    if (count >= limits.refuseAfter)
      return { refused: true, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    if (count >= limits.slowAfter)
      delayMs = Math.max(delayMs, Math.min(MAX_DELAY_MS, (count - limits.slowAfter + 1) * STEP_MS));
  }
  return { refused: false, delayMs };
}

export async function countFailure(email: string, ip: string): Promise<void> {
  await redis().eval(COUNT_FAILURE, 2, ...keysFor(email, ip), WINDOW_MS);
}

/** A successful sign-in clears the e-mail's counter; the IP's stays, or one good account would reset it. */
export async function clearFailures(email: string): Promise<void> {
  await redis().del(loginFailuresKey('email', email));
}
