// The pump's MongoDB collections besides the aggregate partitions (common/src/analytics-aggregates.ts).
import type { AnalyticsRecord } from '@turnpike/common';
import type { Collection, Db } from 'mongodb';

/** A raw record as stored: the record itself, keyed by its id. */
export type RawRecordDocument = AnalyticsRecord & { _id: string };

/** A batch whose records are stored and whose counts wait for the aggregator. */
export interface PendingBatchDocument {
  _id: string;
  receivedAt: Date;
  records: number;
  /** encodeDelta() of the batch. */
  delta: string;
}

/** The aggregator's progress: the last round started, and the batches of a round not yet finished. */
export interface AggregatorStateDocument {
  _id: 'aggregator';
  round: number;
  applying: { round: number; batchIds: string[] } | null;
  updatedAt: Date;
}

export interface PumpCollections {
  raw: Collection<RawRecordDocument>;
  pending: Collection<PendingBatchDocument>;
  state: Collection<AggregatorStateDocument>;
}

export function pumpCollections(db: Db): PumpCollections {
  return {
    raw: db.collection<RawRecordDocument>('analytics'),
    pending: db.collection<PendingBatchDocument>('analytics_pending'),
    state: db.collection<AggregatorStateDocument>('analytics_pump_state'),
  };
}
