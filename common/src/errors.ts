// The closed error catalogue: every code a Turnpike service answers, with its status and public message.

export const ERRORS = {
  'request.invalid': { status: 400, message: 'The request is malformed.' },
  'route.not_found': { status: 404, message: 'No API is served at this path.' },
  'auth.key_missing': { status: 401, message: 'Authorization is required.' },
  'auth.key_invalid': { status: 401, message: 'The credentials are invalid, expired or inactive.' },
  'auth.forbidden': { status: 403, message: 'These credentials do not grant access to this API.' },
  'ip.denied': { status: 403, message: 'Requests from this address are not allowed.' },
  'cors.origin_denied': { status: 403, message: 'This origin is not allowed.' },
  'rate_limit.exceeded': { status: 429, message: 'Rate limit exceeded.' },
  'quota.exceeded': { status: 429, message: 'Quota exhausted.' },
  'upstream.unavailable': { status: 502, message: 'The upstream service is unavailable.' },
  'upstream.timeout': { status: 504, message: 'The upstream service timed out.' },
  'upstream.circuit_open': {
    status: 503,
    message: 'The upstream service is temporarily unavailable.',
  },
  'store.unavailable': {
    status: 503,
    message: 'A backing store is unavailable; try again shortly.',
  },
  'gateway.not_ready': { status: 503, message: 'The gateway has no configuration yet.' },
  'validation.failed': { status: 400, message: 'The request body is invalid.' },
  'admin.unauthorized': { status: 401, message: 'Sign in or send a valid bearer token.' },
  'admin.forbidden': { status: 403, message: 'Your role does not allow this.' },
  'admin.not_found': { status: 404, message: 'Not found.' },
  'admin.conflict': { status: 409, message: 'This conflicts with an existing resource.' },
  'admin.too_many_attempts': { status: 429, message: 'Too many attempts; try again later.' },
  internal: { status: 500, message: 'Internal error.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[] };
  gtxid?: string;
}

/** An error that carries a catalogue code; anything else is rendered as a plain 500. */
export class TurnpikeError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldError[],
    message?: string,
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}

export function errorBody(code: ErrorCode, gtxid?: string, fields?: FieldError[]): ErrorBody {
  const body: ErrorBody = { error: { code, message: ERRORS[code].message } };
  if (fields !== undefined) body.error.fields = fields;
  if (gtxid !== undefined) body.gtxid = gtxid;
  return body;
}

/** Pre-rendered JSON bodies without a gtxid, for the gateway's hot path. */
export function errorBodyJson(code: ErrorCode, gtxid: string): string {
  return `{"error":{"code":"${code}","message":${JSON.stringify(ERRORS[code].message)}},"gtxid":${JSON.stringify(gtxid)}}`;
}
