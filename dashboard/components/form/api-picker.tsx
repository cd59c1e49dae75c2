'use client';
// Choosing APIs from a list that may be long: a filter box over checkboxes.
import { useState } from 'react';
import { Field, inputClasses } from '../ui/field';
import { fieldId, useDraft } from './draft-context';

export function ApiPicker({
  path,
  label,
  choices,
  hint,
}: {
  path: string;
  label: string;
  choices: { id: string; name: string }[];
  hint?: string;
}) {
  const { get, set, error, readOnly } = useDraft();
  const [filter, setFilter] = useState('');
  const chosen = (get(path) as string[] | undefined) ?? [];
  const needle = filter.trim().toLowerCase();
  const shown = choices
    .filter(
      (c) =>
        !needle || c.id.toLowerCase().includes(needle) || c.name.toLowerCase().includes(needle),
    )
    .slice(0, 200);
  const itemError = chosen.map((_, i) => error(`${path}.${i}`)).find(Boolean);
  const id = fieldId(path);
  return (
    <Field
      label={`${label} (${chosen.length} selected)`}
      htmlFor={id}
      error={error(path) ?? itemError}
      hint={hint}
    >
      {choices.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 px-3 py-3 text-xs text-zinc-500">
          No APIs yet. Create an API first.
        </p>
      ) : (
        <div className="rounded-md border border-zinc-300 bg-white">
          {choices.length > 8 ? (
            <input
              id={id}
              type="search"
              placeholder="Filter APIs"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              className={`${inputClasses} rounded-b-none border-0 border-b border-zinc-200 shadow-none`}
            />
          ) : null}
          <ul
            className="max-h-56 divide-y divide-zinc-100 overflow-y-auto"
            role="group"
            aria-label={label}
          >
            {shown.map((choice) => (
              <li key={choice.id}>
                <label className="flex cursor-pointer items-center gap-2.5 px-3 py-2 hover:bg-zinc-50">
                  <input
                    type="checkbox"
                    disabled={readOnly}
                    checked={chosen.includes(choice.id)}
                    onChange={(e) =>
                      set(
                        path,
                        e.target.checked
                          ? [...chosen, choice.id]
                          : chosen.filter((x) => x !== choice.id),
                      )
                    }
                    className="size-4 accent-accent-600"
                  />
                  <span className="text-sm text-zinc-800">{choice.name}</span>
                  <span className="font-mono text-xs text-zinc-400">{choice.id}</span>
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Field>
  );
}
