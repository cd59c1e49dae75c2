// Retention: the pump deletes old raw records itself (FerretDB has no TTL index) and drops old aggregate partitions.
import { parseAggregateCollection, partitionExpired } from '@turnpike/common';
import type { Db } from 'mongodb';
import type { PumpCollections } from './collections';

const DAY_MS = 24 * 3600 * 1000;

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
    if (partitionExpired(partition.granularity, partition.partition, now)) {
      await db.dropCollection(name).catch(() => undefined);
      partitionsDropped.push(name);
    }
  }
  return { rawDeleted: deletedCount, partitionsDropped };
}
