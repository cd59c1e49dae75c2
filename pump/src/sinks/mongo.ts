// Writes into MongoDB that may be repeated: a document whose _id is already there counts as written.
import {
  MongoBulkWriteError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Collection,
  type Document,
  type OptionalUnlessRequiredId,
} from 'mongodb';

const DUPLICATE_KEY = 11000;

/**
 * Inserts every document whose _id is not there yet (unordered, so one duplicate does not stop
 * the rest) and answers how many were new. Any error other than duplicate keys is thrown.
 */
export async function insertIdempotent<T extends Document>(
  collection: Collection<T>,
  documents: OptionalUnlessRequiredId<T>[],
): Promise<number> {
  if (documents.length === 0) return 0;
  try {
    const result = await collection.insertMany(documents, { ordered: false });
    return result.insertedCount;
  } catch (error) {
    if (error instanceof MongoBulkWriteError) {
      const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY))
        return error.result.insertedCount;
    }
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return 0;
    throw error;
  }
}

/**
 * True when MongoDB could not be reached or asked us to come back later: the write may be retried
 * as is once it answers. (Driver 7 reports a refused connection during insertMany as a
 * MongoBulkWriteError labelled retryable, hence the labels.)
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  if (error instanceof MongoError && RETRYABLE_LABELS.some((label) => error.hasErrorLabel(label)))
    return true;
  if (error instanceof MongoError && CONNECTION_FAILURE.test(error.message)) return true;
  return error instanceof Error && error.cause !== undefined && isStoreUnavailable(error.cause);
}

// Some wrappers (a bulk write whose connection was refused) carry neither a network class nor a
// label; their message still says what happened.
const CONNECTION_FAILURE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|connection .* closed|Topology is closed/i;

const RETRYABLE_LABELS = [
  'RetryableError',
  'RetryableWriteError',
  'SystemOverloadedError',
  'ResetPool',
];
