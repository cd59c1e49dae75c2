// The targets of one API: weighted round-robin over those that are healthy and not circuit-broken.
import type { ApiDefinition } from '@turnpike/common';
import type { Pool } from 'undici';
import { CircuitBreaker } from './circuit-breaker';
import type { Pools } from './pools';

export class Target {
  readonly origin: string;
  readonly basePath: string;
  readonly host: string;
  healthy = true;
  /** Smooth weighted round-robin state (as nginx does it). */
  current = 0;
  private consecutiveChecks = 0;

  constructor(
    url: string,
    readonly weight: number,
    readonly pool: Pool,
    readonly breaker: CircuitBreaker | null,
  ) {
    const parsed = new URL(url);
    this.origin = parsed.origin;
    this.host = parsed.host;
    this.basePath = parsed.pathname === '/' ? '' : parsed.pathname.replace(/\/$/, '');
  }

  /** Counts consecutive health check outcomes and flips `healthy` at the thresholds. */
  recordCheck(ok: boolean, healthyThreshold: number, unhealthyThreshold: number): void {
    if (ok === this.healthy) {
      this.consecutiveChecks = 0;
      return;
    }
    this.consecutiveChecks++;
    if (this.consecutiveChecks >= (ok ? healthyThreshold : unhealthyThreshold)) {
      this.healthy = ok;
      this.consecutiveChecks = 0;
    }
  }
}

export class UpstreamGroup {
  readonly targets: Target[];
  readonly timeoutMs: number;
  readonly retries: number;
  readonly slowCallMs: number;
  private healthTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly upstream: ApiDefinition['upstream'],
    pools: Pools,
  ) {
    const cb = upstream.circuitBreaker;
    this.targets = upstream.targets.map(
      (t) =>
        new Target(
          t.url,
          t.weight,
          pools.get(new URL(t.url).origin),
          cb ? new CircuitBreaker(cb.failureThreshold, cb.resetAfterMs) : null,
        ),
    );
    this.timeoutMs = upstream.timeoutMs;
    this.retries = upstream.retries;
    this.slowCallMs = cb?.slowCallMs ?? 0;
  }

  /** The next target to try, skipping `exclude`; null when none is healthy and closed. */
  pick(exclude?: Target): Target | null {
    const now = Date.now();
    if (this.targets.length === 1) {
      const only = this.targets[0]!;
      if (
        only === exclude ||
        !only.healthy ||
        (only.breaker !== null && !only.breaker.available(now))
      )
        return null;
      only.breaker?.begin();
      return only;
    }
    let total = 0;
    let best: Target | null = null;
    for (const target of this.targets) {
      if (
        target === exclude ||
        !target.healthy ||
        (target.breaker !== null && !target.breaker.available(now))
      )
        continue;
      target.current += target.weight;
      total += target.weight;
      if (best === null || target.current > best.current) best = target;
    }
    if (best !== null) {
      best.current -= total;
      best.breaker?.begin();
    }
    return best;
  }

  /** Starts active health checks when the API configures them. */
  startHealthChecks(): void {
    const hc = this.upstream.healthCheck;
    if (hc === null || this.healthTimer) return;
    const check = () => {
      for (const target of this.targets) {
        target.pool
          .request({
            method: 'GET',
            path: target.basePath + hc.path,
            headersTimeout: hc.timeoutMs,
            bodyTimeout: hc.timeoutMs,
          })
          .then(async (response) => {
            await response.body.dump();
            target.recordCheck(
              response.statusCode < 500,
              hc.healthyThreshold,
              hc.unhealthyThreshold,
            );
          })
          .catch(() => target.recordCheck(false, hc.healthyThreshold, hc.unhealthyThreshold));
      }
    };
    check();
    this.healthTimer = setInterval(check, hc.intervalMs);
    this.healthTimer.unref();
  }

  stop(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = undefined;
  }
}
