'use client';
// Where the gateway listens for this API.
import { LinesInput, TextInput, Toggle } from '@/components/form/inputs';
import { Section } from './section';

export function RoutingSection() {
  return (
    <Section
      id="routing"
      title="Routing"
      description="Requests match on whole path segments: /orders never serves /ordersx."
    >
      <TextInput path="listenPath" label="Listen path" mono placeholder="/orders/" />
      <Toggle
        path="stripListenPath"
        label="Strip listen path"
        hint="Forward /orders/items upstream as /items."
      />
      <LinesInput
        path="hosts"
        label="Hosts"
        hint="One per line, *.example.com allowed. Empty answers on every host."
        placeholder="api.example.com"
      />
    </Section>
  );
}
