'use client';
// Optional rate limit and quota for a key or a policy: off means "no limit".
import { NumberInput, Toggle } from './inputs';
import { useDraft } from './draft-context';

export function LimitsFields() {
  const { get, set } = useDraft();
  return (
    <div className="space-y-4">
      <Toggle
        path="rateLimit"
        label="Rate limit"
        hint="Requests per time window, smoothed (GCRA)."
        onToggle={(on) => set('rateLimit', on ? { rate: 100, per: 60 } : null)}
      />
      {get('rateLimit') != null ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <NumberInput path="rateLimit.rate" label="Requests" />
          <NumberInput path="rateLimit.per" label="Per" suffix="seconds" />
        </div>
      ) : null}
      <Toggle
        path="quota"
        label="Quota"
        hint="A total allowance that renews each period."
        onToggle={(on) => set('quota', on ? { max: 10_000, renewalSeconds: 86_400 } : null)}
      />
      {get('quota') != null ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <NumberInput path="quota.max" label="Requests" />
          <NumberInput path="quota.renewalSeconds" label="Renews every" suffix="seconds" />
        </div>
      ) : null}
    </div>
  );
}
