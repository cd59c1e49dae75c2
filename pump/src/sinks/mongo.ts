// Writes into MongoDB that may be repeated: a document whose _id is already there counts as written.
import {
  MongoBulkWriteError,
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

/** True when MongoDB could not be reached: the write may be retried as is once it is back. */
export function isStoreUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}
