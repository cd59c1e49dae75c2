'use client';
// Live quota and rate-limit state of a key, refreshed every two seconds from Redis.
import { useEffect, useState } from 'react';
import { formatDuration, formatTime } from '@/lib/format';
import type { KeyUsage } from '@/lib/keys/key-usage';

function Meter({ used, max }: { used: number; max: number }) {
  const share = max > 0 ? Math.min(100, (used / max) * 100) : 0;
  const tone = share >= 90 ? 'bg-red-500' : share >= 70 ? 'bg-amber-500' : 'bg-accent-500';
  return (
    <div
      className="h-1.5 w-full overflow-hidden rounded-full bg-zinc-100"
      role="meter"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={used}
    >
      <div
        className={`h-full rounded-full ${tone} transition-all`}
        style={{ width: `${share}%` }}
      />
    </div>
  );
}

export function KeyUsagePanel({ keyId, initial }: { keyId: string; initial: KeyUsage | null }) {
  const [usage, setUsage] = useState<KeyUsage | null>(initial);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    let stopped = false;
    async function poll() {
      try {
        const response = await fetch(`/api/keys/${keyId}/usage`, { cache: 'no-store' });
        if (!stopped && response.ok) {
          setUsage((await response.json()) as KeyUsage);
          setStale(false);
        } else if (!stopped) setStale(true);
      } catch {
        if (!stopped) setStale(true);
      }
    }
    const timer = setInterval(poll, 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [keyId]);

  if (!usage)
    return <p className="text-sm text-zinc-500">Usage cannot be read: Redis is not answering.</p>;
  const { quota, rateLimit } = usage;
  return (
    <div className="space-y-5" aria-live="polite">
      <div>
        <div className="mb-1.5 flex items-baseline justify-between text-sm">
          <span className="font-medium text-zinc-800">Quota</span>
          {quota ? (
            <span className="text-xs text-zinc-500 tabular-nums" data-testid="quota-state">
              {quota.used === null
                ? 'Not used yet'
                : `${quota.used.toLocaleString('en')} used · ${quota.remaining.toLocaleString('en')} left`}
            </span>
          ) : (
            <span className="text-xs text-zinc-500">No quota</span>
          )}
        </div>
        {quota ? (
          <>
            <Meter used={quota.used ?? 0} max={quota.max} />
            <p className="mt-1 text-xs text-zinc-400">
              {quota.max.toLocaleString('en')} every {formatDuration(quota.renewalSeconds)}
              {quota.resetAt ? ` · renews ${formatTime(quota.resetAt)}` : ''}
            </p>
          </>
        ) : null}
      </div>
      <div>
        <div className="mb-1.5 flex items-baseline justify-between text-sm">
          <span className="font-medium text-zinc-800">Rate limit</span>
          {rateLimit ? (
            <span className="text-xs text-zinc-500 tabular-nums">
              {rateLimit.remaining.toLocaleString('en')} of {rateLimit.rate.toLocaleString('en')}{' '}
              available now
            </span>
          ) : (
            <span className="text-xs text-zinc-500">No rate limit</span>
          )}
        </div>
        {rateLimit ? (
          <>
            <Meter used={rateLimit.rate - rateLimit.remaining} max={rateLimit.rate} />
            <p className="mt-1 text-xs text-zinc-400">
              {rateLimit.rate.toLocaleString('en')} per {formatDuration(rateLimit.per)}
              {rateLimit.resetInMs > 0
                ? ` · full again in ${Math.ceil(rateLimit.resetInMs / 1000)} s`
                : ' · idle'}
            </p>
          </>
        ) : null}
      </div>
      <p className="text-xs text-zinc-400">
        Limits from the {usage.source === 'policy' ? 'policy' : 'key itself'} · live from Redis
        {stale ? ' · refresh failing, showing last known state' : ''}
      </p>
    </div>
  );
}
