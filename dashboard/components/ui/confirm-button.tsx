'use client';
// A button that asks first: a modal dialog names the consequence, and the action runs only on confirm.
import { useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonVariant } from './button';

export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  variant = 'secondary',
  confirmVariant = 'danger',
  size = 'md',
  onConfirm,
}: {
  label: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  variant?: ButtonVariant;
  confirmVariant?: ButtonVariant;
  size?: 'sm' | 'md';
  /** Returns an error message to show in the dialog, or nothing when done. */
  onConfirm: () => Promise<string | void>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    const problem = await onConfirm();
    setBusy(false);
    if (problem) setError(problem);
    else dialog.current?.close();
  }

  return (
    <>
      <Button variant={variant} size={size} onClick={() => dialog.current?.showModal()}>
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="confirm-title"
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 bg-white p-0 shadow-xl"
        onClose={() => setError(null)}
      >
        <div className="p-5">
          <h2 id="confirm-title" className="text-base font-semibold text-zinc-900">
            {title}
          </h2>
          <div className="mt-2 text-sm text-zinc-600">{children}</div>
          {error ? (
            <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-xs text-red-700">
              {error}
            </p>
          ) : null}
        </div>
        <div className="flex justify-end gap-2 rounded-b-xl border-t border-zinc-100 bg-zinc-50 px-5 py-3">
          <Button onClick={() => dialog.current?.close()} disabled={busy}>
            Cancel
          </Button>
          <Button variant={confirmVariant} onClick={confirm} disabled={busy} autoFocus>
            {busy ? 'Working…' : confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
