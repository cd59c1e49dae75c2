// Retention: the pump deletes old raw records itself (FerretDB has no TTL index) and drops old aggregate partitions.
import { nextPartition, parseAggregateCollection, type Granularity } from '@turnpike/common';
import type { Db } from 'mongodb';
import type { PumpCollections } from './collections';

const DAY_MS = 24 * 3600 * 1000;

/** How long aggregates are kept, by granularity: charts use minutes for short ranges only. */
export const AGGREGATE_RETENTION_MS: Record<Granularity, number> = {
  minute: 2 * DAY_MS,
  hour: 90 * DAY_MS,
  day: 3 * 365 * DAY_MS,
};

export interface PruneResult {
  rawDeleted: number;
  partitionsDropped: string[];
}

export async function prune(
  db: Db,
  collections: PumpCollections,
  retentionDays: number,
  now = Date.now(),
): Promise<PruneResult> {
  const { deletedCount } = await collections.raw.deleteMany({
    ts: { $lt: now - retentionDays * DAY_MS },
  });
  const partitionsDropped: string[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const partition = parseAggregateCollection(name);
    if (!partition) continue;
    const end = nextPartition(partition.granularity, partition.partition);
    if (end <= now - AGGREGATE_RETENTION_MS[partition.granularity]) {
      await db.dropCollection(name).catch(() => undefined);
      partitionsDropped.push(name);
    }
  }
  return { rawDeleted: deletedCount, partitionsDropped };
}
