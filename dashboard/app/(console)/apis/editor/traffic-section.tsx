'use client';
// Shared rate limit and response cache.
import { useDraft } from '@/components/form/draft-context';
import { LinesInput, NumberInput, Toggle } from '@/components/form/inputs';
import { Grid, Section } from './section';

export function TrafficSection({
  rateLimitDefault,
}: {
  rateLimitDefault: { rate: number; per: number };
}) {
  const { get, set } = useDraft();
  return (
    <Section
      id="traffic"
      title="Rate limit and cache"
      description="Protect the upstream and answer repeated reads from Redis."
    >
      <Toggle
        path="rateLimit"
        label="API-wide rate limit"
        hint="Shared by every caller; keys can carry their own limit as well."
        onToggle={(on) => set('rateLimit', on ? rateLimitDefault : null)}
      />
      {get('rateLimit') != null ? (
        <Grid>
          <NumberInput path="rateLimit.rate" label="Requests" />
          <NumberInput path="rateLimit.per" label="Per" suffix="seconds" />
        </Grid>
      ) : null}
      <div className="space-y-4 border-t border-zinc-100 pt-4">
        <Toggle
          path="cache.enabled"
          label="Cache responses"
          hint="GET and HEAD answers with status 200 are kept in Redis."
        />
        {get('cache.enabled') === true ? (
          <>
            <Grid>
              <NumberInput path="cache.ttlSeconds" label="Keep for" suffix="seconds" />
              <NumberInput path="cache.maxEntryBytes" label="Largest entry" suffix="bytes" />
            </Grid>
            <LinesInput
              path="cache.varyHeaders"
              label="Vary on headers"
              hint="One per line; requests differing in these are cached apart."
              placeholder="Accept-Language"
            />
          </>
        ) : null}
      </div>
    </Section>
  );
}
