'use client';
// Where traffic goes: weighted targets, timeout and retries, health checks and the circuit breaker.
import { useDraft } from '@/components/form/draft-context';
import { NumberInput, TextInput, Toggle } from '@/components/form/inputs';
import { Button } from '@/components/ui/button';
import type { EditorDefaults } from '@/lib/apis/editor-defaults';
import { Grid, Section } from './section';

export function UpstreamSection({ defaults }: { defaults: EditorDefaults }) {
  const { get, set, error, readOnly } = useDraft();
  const targets = (get('upstream.targets') as unknown[] | undefined) ?? [];
  const healthOn = get('upstream.healthCheck') != null;
  const breakerOn = get('upstream.circuitBreaker') != null;
  return (
    <Section
      id="upstream"
      title="Upstream"
      description="The service behind the gateway. Several targets share traffic by weight."
    >
      <div className="space-y-3">
        {targets.map((_, index) => (
          <div key={index} className="flex items-start gap-2">
            <TextInput
              path={`upstream.targets.${index}.url`}
              label={
                index === 0 ? 'Target URL' : <span className="sr-only">Target URL {index + 1}</span>
              }
              mono
              placeholder="http://127.0.0.1:9000"
              className="flex-1"
            />
            <NumberInput
              path={`upstream.targets.${index}.weight`}
              label={index === 0 ? 'Weight' : <span className="sr-only">Weight {index + 1}</span>}
              className="w-24"
            />
            {targets.length > 1 && !readOnly ? (
              <Button
                variant="ghost"
                className={index === 0 ? 'mt-6' : ''}
                aria-label={`Remove target ${index + 1}`}
                onClick={() =>
                  set(
                    'upstream.targets',
                    targets.filter((__, i) => i !== index),
                  )
                }
              >
                Remove
              </Button>
            ) : null}
          </div>
        ))}
        {error('upstream.targets') ? (
          <p className="text-xs text-red-600">{error('upstream.targets')}</p>
        ) : null}
        {!readOnly ? (
          <Button
            size="sm"
            onClick={() => set('upstream.targets', [...targets, { url: '', weight: 1 }])}
          >
            Add target
          </Button>
        ) : null}
      </div>
      <Grid>
        <NumberInput
          path="upstream.timeoutMs"
          label="Timeout"
          suffix="ms"
          hint="A slower upstream gets 504."
        />
        <NumberInput
          path="upstream.retries"
          label="Retries"
          hint="On refused connections, 0 to 5."
        />
      </Grid>
      <div className="space-y-4 border-t border-zinc-100 pt-4">
        <Toggle
          path="upstream.healthCheck"
          label="Active health checks"
          hint="Probe each target; unhealthy ones get no traffic."
          onToggle={(on) => set('upstream.healthCheck', on ? defaults.healthCheck : null)}
        />
        {healthOn ? (
          <Grid>
            <TextInput path="upstream.healthCheck.path" label="Path" mono />
            <NumberInput path="upstream.healthCheck.intervalMs" label="Interval" suffix="ms" />
            <NumberInput path="upstream.healthCheck.timeoutMs" label="Probe timeout" suffix="ms" />
            <NumberInput
              path="upstream.healthCheck.unhealthyThreshold"
              label="Failures before unhealthy"
            />
            <NumberInput
              path="upstream.healthCheck.healthyThreshold"
              label="Successes before healthy"
            />
          </Grid>
        ) : null}
      </div>
      <div className="space-y-4 border-t border-zinc-100 pt-4">
        <Toggle
          path="upstream.circuitBreaker"
          label="Circuit breaker"
          hint="After repeated failures, answer 503 at once instead of waiting on a sick upstream."
          onToggle={(on) => set('upstream.circuitBreaker', on ? defaults.circuitBreaker : null)}
        />
        {breakerOn ? (
          <Grid>
            <NumberInput path="upstream.circuitBreaker.failureThreshold" label="Failures to open" />
            <NumberInput
              path="upstream.circuitBreaker.resetAfterMs"
              label="Try again after"
              suffix="ms"
            />
            <NumberInput
              path="upstream.circuitBreaker.slowCallMs"
              label="Slow call threshold"
              suffix="ms"
              hint="0 ignores slowness."
            />
          </Grid>
        ) : null}
      </div>
    </Section>
  );
}
