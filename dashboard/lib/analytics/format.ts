// How analytics numbers read on the pages: counts, bytes, milliseconds, rates and bucket times (UTC).
import type { Granularity } from '@turnpike/common';

export function formatCount(value: number): string {
  if (value >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (value >= 10_000) return `${trim(value / 1000)}k`;
  return value.toLocaleString('en');
}

export function formatBytes(value: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? size : trim(size)} ${units[unit]}`;
}

export function formatMs(value: number | null): string {
  if (value === null) return '—';
  return value >= 1000 ? `${trim(value / 1000)} s` : `${trim(value)} ms`;
}

export function formatPercent(ratio: number): string {
  if (ratio === 0) return '0%';
  const percent = ratio * 100;
  return `${percent < 1 ? percent.toFixed(2) : trim(percent)}%`;
}

/** A bucket's start as its axis label: "14:05" for minutes and hours, "Mar 4" for days. */
export function formatBucket(ts: number, granularity: Granularity): string {
  const iso = new Date(ts).toISOString();
  if (granularity === 'day')
    return new Date(ts).toLocaleDateString('en', {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
  return iso.slice(11, 16);
}

/** A bucket's start in full, for tooltips: "2025-03-04 14:05 UTC". */
export function formatBucketLong(ts: number, granularity: Granularity): string {
  const iso = new Date(ts).toISOString();
  return granularity === 'day'
    ? `${iso.slice(0, 10)} (UTC)`
    : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function trim(value: number): string {
  return value >= 100
    ? Math.round(value).toString()
    : value >= 10
      ? value.toFixed(1).replace(/\.0$/, '')
      : value.toFixed(2).replace(/\.?0+$/, '');
}
