// JSON answers and the one error renderer of the admin API, over the shared error catalogue.
import { errorBody, TurnpikeError, type FieldError } from '@turnpike/common';
import { isDuplicateKey, isStoreError } from './store-errors';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: NO_STORE });
}

/** Renders any thrown value: catalogue errors as themselves, outages as 503, the rest as a bare 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof TurnpikeError) {
    const headers: Record<string, string> = {};
    if (error instanceof RetryLaterError) headers['Retry-After'] = String(error.retryAfterSeconds);
    return json(errorBody(error.code, undefined, error.fields), error.status, headers);
  }
  if (isStoreError(error)) return json(errorBody('store.unavailable'), 503, { 'Retry-After': '5' });
  if (isDuplicateKey(error)) return json(errorBody('admin.conflict'), 409);
  console.error('dashboard: unhandled error:', error);
  return json(errorBody('internal'), 500);
}

/** A catalogue error that also tells the client when to come back (429). */
export class RetryLaterError extends TurnpikeError {
  constructor(readonly retryAfterSeconds: number) {
    super('admin.too_many_attempts');
  }
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The request's JSON body; malformed or oversized JSON is a 400 `request.invalid`. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) {
    throw new TurnpikeError('request.invalid', [
      { path: '(root)', message: 'body larger than 1 MiB' },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TurnpikeError('request.invalid', [{ path: '(root)', message: 'not valid JSON' }]);
  }
}

/** A 400 listing the given fields. */
export function invalid(fields: FieldError[]): TurnpikeError {
  return new TurnpikeError('validation.failed', fields);
}

/** A 404 for an id that names nothing. */
export function notFound(what: string): TurnpikeError {
  return new TurnpikeError('admin.not_found', undefined, `${what} not found`);
}

/** A 409 naming the field that conflicts. */
export function conflict(path: string, message: string): TurnpikeError {
  return new TurnpikeError('admin.conflict', [{ path, message }]);
}
