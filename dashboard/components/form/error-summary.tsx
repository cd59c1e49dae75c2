'use client';
// The top-of-form message when saving failed, listing fields that have no input of their own on screen.
import { Notice } from '../ui/notice';

export function ErrorSummary({
  message,
  fields,
}: {
  message: string | null;
  fields: Record<string, string>;
}) {
  if (!message) return null;
  const entries = Object.entries(fields);
  return (
    <div id="form-errors" tabIndex={-1}>
      <Notice tone="error" title={message}>
        {entries.length > 0 ? (
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">
            {entries.map(([path, text]) => (
              <li key={path}>
                <span className="font-mono">{path}</span>: {text}
              </li>
            ))}
          </ul>
        ) : null}
      </Notice>
    </div>
  );
}
