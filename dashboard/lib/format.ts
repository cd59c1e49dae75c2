// How times and limits read in the UI: UTC so server and browser render the same text.

export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return n === 1 ? name : `${n} ${name}s`;
    }
  }
  return `${seconds} s`;
}

export function formatRate(limit: { rate: number; per: number } | null): string {
  return limit ? `${limit.rate.toLocaleString('en')} / ${formatDuration(limit.per)}` : 'No limit';
}

export function formatQuota(quota: { max: number; renewalSeconds: number } | null): string {
  return quota
    ? `${quota.max.toLocaleString('en')} / ${formatDuration(quota.renewalSeconds)}`
    : 'No quota';
}
