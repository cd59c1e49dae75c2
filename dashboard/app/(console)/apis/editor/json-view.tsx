'use client';
// The definition as JSON: edit it directly, import a file, or export it for scripts and declarative mode.
import { useRef, useState } from 'react';
import type { Draft } from '@/components/form/paths';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';

export function JsonView({
  draft,
  onApply,
  readOnly,
}: {
  draft: Draft;
  onApply: (draft: Draft) => void;
  readOnly: boolean;
}) {
  const [text, setText] = useState(() => JSON.stringify(draft, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);

  function apply(source: string): boolean {
    try {
      const parsed: unknown = JSON.parse(source);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('The JSON must be one object: an API definition.');
      setProblem(null);
      onApply(parsed as Draft);
      return true;
    } catch (error) {
      setProblem(
        error instanceof SyntaxError
          ? `Not valid JSON: ${error.message}`
          : (error as Error).message,
      );
      return false;
    }
  }

  function download() {
    const blob = new Blob([JSON.stringify(draft, null, 2) + '\n'], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${typeof draft.id === 'string' && draft.id ? draft.id : 'api'}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function importFile(chosen: File | undefined) {
    if (!chosen) return;
    const content = await chosen.text();
    setText(content);
    apply(content);
  }

  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-zinc-500">
          The same definition the admin API and the gateway read. Apply it to check it in the form.
        </p>
        <div className="flex gap-2">
          {!readOnly ? (
            <>
              <input
                ref={file}
                type="file"
                accept="application/json,.json"
                className="sr-only"
                aria-label="Import a JSON file"
                onChange={(e) => void importFile(e.target.files?.[0])}
              />
              <Button size="sm" onClick={() => file.current?.click()}>
                Import file
              </Button>
            </>
          ) : null}
          <Button size="sm" onClick={download}>
            Export
          </Button>
        </div>
      </div>
      <label htmlFor="api-json" className="sr-only">
        API definition JSON
      </label>
      <textarea
        id="api-json"
        value={text}
        readOnly={readOnly}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        rows={24}
        className={`${inputClasses} font-mono text-xs leading-5`}
      />
      {problem ? (
        <p role="alert" className="text-xs text-red-600">
          {problem}
        </p>
      ) : null}
      {!readOnly ? (
        <Button variant="primary" size="sm" onClick={() => apply(text)}>
          Apply to form
        </Button>
      ) : null}
    </div>
  );
}
