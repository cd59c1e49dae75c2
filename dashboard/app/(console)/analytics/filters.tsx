'use client';
// The controls above analytics and the request log: time range (presets or custom, UTC) and id filters.
import { useEffect, useState } from 'react';
import { inputClasses } from '@/components/ui/field';
import type { FilterOption } from '@/lib/analytics/filter-options';
import { RANGE_PRESETS, type RangeSelection } from '@/lib/analytics/time-range';

export type { FilterOption };

export function RangePicker({
  value,
  onChange,
}: {
  value: RangeSelection;
  onChange: (next: RangeSelection) => void;
}) {
  const [customOpen, setCustomOpen] = useState(value.kind === 'custom');
  const active = value.kind === 'preset' ? value.id : 'custom';
  const button = (selected: boolean) =>
    `px-2.5 py-1 text-xs font-medium transition-colors ${
      selected
        ? 'bg-zinc-900 text-white'
        : 'bg-white text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900'
    }`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div
        role="group"
        aria-label="Time range"
        className="inline-flex divide-x divide-zinc-200 overflow-hidden rounded-md border border-zinc-200 shadow-xs"
      >
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            aria-pressed={active === preset.id}
            title={`Last ${preset.label}`}
            className={button(active === preset.id)}
            onClick={() => {
              setCustomOpen(false);
              onChange({ kind: 'preset', id: preset.id });
            }}
          >
            {preset.id}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={active === 'custom'}
          className={button(active === 'custom')}
          onClick={() => setCustomOpen(true)}
        >
          Custom
        </button>
      </div>
      {customOpen ? <CustomRange value={value} onApply={onChange} /> : null}
    </div>
  );
}

/** `<input type="datetime-local">` speaks local time without a zone; the console speaks UTC throughout. */
function toInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

function fromInput(value: string): number {
  return Date.parse(`${value}:00Z`);
}

function CustomRange({
  value,
  onApply,
}: {
  value: RangeSelection;
  onApply: (next: RangeSelection) => void;
}) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  useEffect(() => {
    const now = Date.now();
    setFrom(toInput(value.kind === 'custom' ? value.from : now - 3_600_000));
    setTo(toInput(value.kind === 'custom' ? value.to : now));
  }, [value]);
  const start = fromInput(from);
  const end = fromInput(to);
  const valid = Number.isFinite(start) && Number.isFinite(end) && start < end;
  return (
    <form
      className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onApply({ kind: 'custom', from: start, to: end });
      }}
    >
      <label htmlFor="range-from">From</label>
      <input
        id="range-from"
        type="datetime-local"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        className={`${inputClasses} w-auto py-1 text-xs`}
      />
      <label htmlFor="range-to">to</label>
      <input
        id="range-to"
        type="datetime-local"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        className={`${inputClasses} w-auto py-1 text-xs`}
      />
      <span>UTC</span>
      <button
        type="submit"
        disabled={!valid}
        className="rounded-md border border-zinc-200 bg-white px-2.5 py-1 font-medium text-zinc-800 shadow-xs hover:bg-zinc-50 disabled:opacity-50"
      >
        Apply
      </button>
    </form>
  );
}

export function FilterSelect({
  id,
  label,
  allLabel,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  allLabel: string;
  options: FilterOption[];
  value: string;
  onChange: (value: string) => void;
}) {
  // A filter from a link may name something not in the list (deleted, or past the first page).
  const listed = value === '' || options.some((option) => option.id === value);
  return (
    <div>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClasses} w-auto max-w-56 py-1 text-xs`}
      >
        <option value="">{allLabel}</option>
        {listed ? null : <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
