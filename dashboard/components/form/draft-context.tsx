'use client';
// A form's draft and its field errors, shared by the inputs inside it and addressed by dot path.
import { createContext, useContext, type ReactNode } from 'react';
import { getPath, type Draft } from './paths';

export interface DraftApi {
  draft: Draft;
  get(path: string): unknown;
  set(path: string, value: unknown): void;
  /** The error for this exact path, if any. */
  error(path: string): string | undefined;
  readOnly: boolean;
}

const DraftContext = createContext<DraftApi | null>(null);

export function DraftProvider({
  draft,
  onChange,
  errors,
  readOnly = false,
  children,
}: {
  draft: Draft;
  onChange: (path: string, value: unknown) => void;
  errors: Record<string, string>;
  readOnly?: boolean;
  children: ReactNode;
}) {
  const api: DraftApi = {
    draft,
    get: (path) => getPath(draft, path),
    set: onChange,
    error: (path) => errors[path],
    readOnly,
  };
  return <DraftContext.Provider value={api}>{children}</DraftContext.Provider>;
}

export function useDraft(): DraftApi {
  const api = useContext(DraftContext);
  if (!api) throw new Error('useDraft outside a DraftProvider');
  return api;
}

/** An input's DOM id, derived from its path. */
export function fieldId(path: string): string {
  return `field-${path.replace(/\./g, '-')}`;
}
