// Calls the admin API from the browser (session cookie) and turns error answers into field messages.

export interface AdminAnswer<T> {
  ok: boolean;
  status: number;
  data: T | null;
  /** Field path -> message, from `error.fields`. */
  fields: Record<string, string>;
  /** A sentence for the top of a form when something failed. */
  message: string | null;
}

interface ErrorPayload {
  error?: { code?: string; message?: string; fields?: { path: string; message: string }[] };
}

const FRIENDLY: Record<number, string> = {
  400: 'Some fields need attention.',
  401: 'Your session has ended. Sign in again.',
  403: 'Your role does not allow this.',
  404: 'This no longer exists; it may have been deleted.',
  409: 'This conflicts with something that already exists.',
  429: 'Too many attempts; wait a moment.',
  503: 'MongoDB or Redis is not answering, so nothing was saved. Try again shortly.',
};

/** zod's wording, said the way a form would. */
function humanise(message: string): string {
  if (/expected number/.test(message)) return 'Enter a number.';
  if (/expected string, received undefined/.test(message)) return 'Required.';
  if (/expected (boolean|array|object), received undefined/.test(message)) return 'Required.';
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export async function adminFetch<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<AdminAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      data: null,
      fields: {},
      message: 'The dashboard could not be reached. Check your connection.',
    };
  }
  const payload = (await response.json().catch(() => null)) as (T & ErrorPayload) | null;
  if (response.ok)
    return { ok: true, status: response.status, data: payload, fields: {}, message: null };
  const fields: Record<string, string> = {};
  for (const field of payload?.error?.fields ?? []) fields[field.path] ??= humanise(field.message);
  return {
    ok: false,
    status: response.status,
    data: null,
    fields,
    message: FRIENDLY[response.status] ?? payload?.error?.message ?? 'Something went wrong.',
  };
}
