// Telling "a store is down" apart from a bug, so callers answer 503 and pages show an outage notice.

const STORE_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MaxRetriesPerRequestError',
]);

const REDIS_OUTAGE =
  /Connection is closed|Command timed out|ECONNREFUSED|ETIMEDOUT|ECONNRESET|Stream isn't writeable/;

export function isStoreError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (STORE_ERROR_NAMES.has(error.name)) return true;
  return REDIS_OUTAGE.test(error.message);
}

/** MongoDB's duplicate-key error (a unique index said no). */
export function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}
