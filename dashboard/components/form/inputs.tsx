'use client';
// Inputs bound to a draft path: each shows its label, hint and the server's error for that path.
import { useEffect, useState, type ReactNode } from 'react';
import { Field, inputClasses } from '../ui/field';
import { fieldId, useDraft } from './draft-context';

interface Common {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
}

export function TextInput({
  path,
  label,
  hint,
  className,
  placeholder,
  mono = false,
  type = 'text',
  disabled = false,
}: Common & { placeholder?: string; mono?: boolean; type?: string; disabled?: boolean }) {
  const { get, set, error, readOnly } = useDraft();
  const id = fieldId(path);
  const value = get(path);
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error(path)} className={className}>
      <input
        id={id}
        type={type}
        value={typeof value === 'string' ? value : ''}
        placeholder={placeholder}
        disabled={readOnly || disabled}
        aria-invalid={error(path) ? true : undefined}
        aria-describedby={error(path) ? `${id}-error` : undefined}
        onChange={(event) =>
          set(path, event.target.value === '' && type !== 'text' ? undefined : event.target.value)
        }
        className={`${inputClasses} ${mono ? 'font-mono text-[13px]' : ''}`}
      />
    </Field>
  );
}

/** Keeps what was typed while it is not a number yet, so the server can say so next to the field. */
export function NumberInput({
  path,
  label,
  hint,
  className,
  suffix,
  min,
}: Common & { suffix?: string; min?: number }) {
  const { get, set, error, readOnly } = useDraft();
  const id = fieldId(path);
  const value = get(path);
  const [text, setText] = useState(value === undefined || value === null ? '' : String(value));
  useEffect(() => {
    if (typeof value === 'number' && Number(text) !== value) setText(String(value));
    // Only a change from outside (JSON import, toggles) should overwrite what is typed.
  }, [value]);
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error(path)} className={className}>
      <div className="relative">
        <input
          id={id}
          inputMode="decimal"
          value={text}
          min={min}
          disabled={readOnly}
          aria-invalid={error(path) ? true : undefined}
          onChange={(event) => {
            const raw = event.target.value;
            setText(raw);
            const parsed = Number(raw);
            set(path, raw.trim() === '' ? undefined : Number.isFinite(parsed) ? parsed : raw);
          }}
          className={`${inputClasses} ${suffix ? 'pr-12' : ''} tabular-nums`}
        />
        {suffix ? (
          <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-zinc-400">
            {suffix}
          </span>
        ) : null}
      </div>
    </Field>
  );
}

export function Toggle({
  path,
  label,
  hint,
  onToggle,
}: Omit<Common, 'className'> & { onToggle?: (on: boolean) => void }) {
  const { get, set, readOnly } = useDraft();
  const id = fieldId(path);
  const on = get(path) === true;
  return (
    <div className="flex items-start justify-between gap-4">
      <div>
        <label htmlFor={id} className="text-sm font-medium text-zinc-800">
          {label}
        </label>
        {hint ? <p className="text-xs text-zinc-500">{hint}</p> : null}
      </div>
      <Switch
        id={id}
        on={on}
        disabled={readOnly}
        onChange={(next) => (onToggle ? onToggle(next) : set(path, next))}
      />
    </div>
  );
}

export function Switch({
  id,
  on,
  disabled,
  onChange,
  label,
}: {
  id?: string;
  on: boolean;
  disabled?: boolean;
  onChange: (on: boolean) => void;
  label?: string;
}) {
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!on)}
      className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:opacity-50 ${on ? 'bg-accent-600' : 'bg-zinc-300'}`}
    >
      <span
        className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${on ? 'translate-x-4.5' : 'translate-x-0.5'}`}
      />
    </button>
  );
}

/** A list of strings edited as one entry per line (hosts, CIDRs, origins, headers). */
export function LinesInput({
  path,
  label,
  hint,
  className,
  placeholder,
}: Common & { placeholder?: string }) {
  const { get, set, error, readOnly } = useDraft();
  const id = fieldId(path);
  const value = get(path);
  const lines = Array.isArray(value) ? (value as string[]) : [];
  const [text, setText] = useState(lines.join('\n'));
  useEffect(() => {
    if (
      lines.join('\n') !==
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join('\n')
    )
      setText(lines.join('\n'));
  }, [value]);
  const itemError = Object.keys(lines)
    .map((i) => error(`${path}.${i}`))
    .find(Boolean);
  return (
    <Field
      label={label}
      htmlFor={id}
      hint={hint}
      error={error(path) ?? itemError}
      className={className}
    >
      <textarea
        id={id}
        rows={3}
        value={text}
        placeholder={placeholder}
        disabled={readOnly}
        aria-invalid={error(path) || itemError ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          set(
            path,
            event.target.value
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean),
          );
        }}
        className={`${inputClasses} font-mono text-[13px]`}
      />
    </Field>
  );
}

export function SelectInput({
  path,
  label,
  hint,
  className,
  options,
}: Common & { options: { value: string; label: string }[] }) {
  const { get, set, error, readOnly } = useDraft();
  const id = fieldId(path);
  const value = get(path);
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error(path)} className={className}>
      <select
        id={id}
        value={typeof value === 'string' ? value : ''}
        disabled={readOnly}
        onChange={(event) => set(path, event.target.value === '' ? undefined : event.target.value)}
        className={inputClasses}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
