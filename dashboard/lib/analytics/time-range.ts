// Time ranges of the analytics pages and the granularity that fits each; safe to use in the browser.
import type { Granularity } from '@turnpike/common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const GRANULARITY_MS: Record<Granularity, number> = { minute: MINUTE, hour: HOUR, day: DAY };

export const RANGE_PRESETS = [
  { id: '15m', label: '15 minutes', ms: 15 * MINUTE },
  { id: '1h', label: '1 hour', ms: HOUR },
  { id: '24h', label: '24 hours', ms: DAY },
  { id: '7d', label: '7 days', ms: 7 * DAY },
  { id: '30d', label: '30 days', ms: 30 * DAY },
] as const;
export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];

export function rangePreset(id: string | undefined): (typeof RANGE_PRESETS)[number] | undefined {
  return RANGE_PRESETS.find((preset) => preset.id === id);
}

/** Most points a series may have: a chart cannot show more, and a query must stay cheap. */
export const MAX_POINTS = 1500;

/** Minutes up to 3 hours, hours up to 8 days, days beyond: between 15 and 200 points. */
export function granularityFor(spanMs: number): Granularity {
  if (spanMs <= 3 * HOUR) return 'minute';
  if (spanMs <= 8 * DAY) return 'hour';
  return 'day';
}

/** The time range a page shows: a preset ending now, or a custom pair of instants. */
export type RangeSelection =
  { kind: 'preset'; id: RangePresetId } | { kind: 'custom'; from: number; to: number };

/** Reads `range`, `from` and `to` from a page's query; anything unreadable falls back to `fallback`. */
export function rangeFromParams(params: URLSearchParams, fallback: RangePresetId): RangeSelection {
  const preset = rangePreset(params.get('range') ?? undefined);
  if (preset) return { kind: 'preset', id: preset.id };
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  if (
    params.get('range') === 'custom' &&
    Number.isFinite(from) &&
    Number.isFinite(to) &&
    from < to
  ) {
    return { kind: 'custom', from, to };
  }
  return { kind: 'preset', id: fallback };
}

export function rangeToParams(selection: RangeSelection): Record<string, string> {
  if (selection.kind === 'preset') return { range: selection.id };
  return {
    range: 'custom',
    from: new Date(selection.from).toISOString(),
    to: new Date(selection.to).toISOString(),
  };
}

/** The instants a selection covers at `now`. */
export function resolveRange(selection: RangeSelection, now: number): { from: number; to: number } {
  if (selection.kind === 'custom') return { from: selection.from, to: selection.to };
  return { from: now - rangePreset(selection.id)!.ms, to: now };
}
