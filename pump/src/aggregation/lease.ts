// A Redis lease naming the one pump that aggregates; the others stand by and take over when it lapses.
import type { Redis } from 'ioredis';

// Take the lease when it is free, extend it when we hold it: one script, so two pumps can never
// both believe they got it.
const REFRESH = `
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class Lease {
  /** Until when we may act as holder: the lease's expiry as seen from before we asked, less a margin. */
  private validUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly holder: string,
    private readonly ttlMs = 15_000,
    private readonly marginMs = 3_000,
  ) {}

  /** Takes or extends the lease; true when we hold it. */
  async refresh(): Promise<boolean> {
    const askedAt = Date.now();
    const held = (await this.redis.eval(REFRESH, 1, this.key, this.holder, this.ttlMs)) === 1;
    this.validUntil = held ? askedAt + this.ttlMs - this.marginMs : 0;
    return held;
  }

  /** True while the lease is certainly ours: check it before every write a holder alone may make. */
  get held(): boolean {
    return Date.now() < this.validUntil;
  }

  async release(): Promise<void> {
    this.validUntil = 0;
    await this.redis.eval(RELEASE, 1, this.key, this.holder);
  }
}
