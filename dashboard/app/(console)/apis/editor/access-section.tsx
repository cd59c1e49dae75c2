'use client';
// Browser access (CORS) and client IP allow and deny lists.
import { useDraft } from '@/components/form/draft-context';
import { LinesInput, NumberInput, Toggle } from '@/components/form/inputs';
import { Grid, Section } from './section';

export function AccessSection() {
  const { get } = useDraft();
  return (
    <Section
      id="access"
      title="CORS and IP filtering"
      description="Which browsers and networks may call this API."
    >
      <Toggle
        path="cors.enabled"
        label="CORS"
        hint="Answer preflight requests and add Access-Control headers."
      />
      {get('cors.enabled') === true ? (
        <>
          <Grid>
            <LinesInput
              path="cors.allowedOrigins"
              label="Allowed origins"
              placeholder="https://app.example.com"
            />
            <LinesInput path="cors.allowedMethods" label="Allowed methods" />
            <LinesInput path="cors.allowedHeaders" label="Allowed headers" />
            <LinesInput path="cors.exposedHeaders" label="Exposed headers" />
          </Grid>
          <Grid>
            <NumberInput path="cors.maxAgeSeconds" label="Preflight max age" suffix="seconds" />
          </Grid>
          <Toggle
            path="cors.allowCredentials"
            label="Allow credentials"
            hint="Cookies and Authorization from browsers; needs explicit origins."
          />
        </>
      ) : null}
      <div className="border-t border-zinc-100 pt-4">
        <Grid>
          <LinesInput
            path="ipAllowList"
            label="Allow only these IPs"
            hint="Addresses or CIDRs, one per line. Empty allows all."
            placeholder="10.0.0.0/8"
          />
          <LinesInput
            path="ipDenyList"
            label="Deny these IPs"
            hint="Checked first; a denied caller gets 403."
            placeholder="203.0.113.7"
          />
        </Grid>
      </div>
    </Section>
  );
}
