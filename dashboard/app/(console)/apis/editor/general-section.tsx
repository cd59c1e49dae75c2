'use client';
// Name, id, and whether the API is live and public.
import { TextInput, Toggle } from '@/components/form/inputs';
import { Grid, Section } from './section';

export function GeneralSection({ isNew }: { isNew: boolean }) {
  return (
    <Section id="general" title="General" description="How the API is named here and in analytics.">
      <Grid>
        <TextInput path="name" label="Name" placeholder="Orders service" />
        {isNew ? (
          <TextInput
            path="id"
            label="Id"
            mono
            hint="Letters, digits, - and _. Cannot change later."
            placeholder="orders"
          />
        ) : (
          <TextInput path="id" label="Id" mono hint="Fixed once created." disabled />
        )}
      </Grid>
      <Toggle
        path="active"
        label="Active"
        hint="Inactive APIs are not served; the gateway answers 404 at their path."
      />
      <Toggle
        path="internal"
        label="Internal"
        hint="Served only on the gateway's internal listener (127.0.0.1:8082), never on the public port."
      />
    </Section>
  );
}
