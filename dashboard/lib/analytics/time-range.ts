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

/** Analytics are kept per minute for 2 days, per hour for 90 days, per day for 3 years. */
export const AGGREGATE_KEPT_MS: Record<Granularity, number> = {
  minute: 2 * DAY,
  hour: 90 * DAY,
  day: 3 * 365 * DAY,
};
