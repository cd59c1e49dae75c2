// Browsing the audit trail: newest first, filtered by resource or action, paged with a cursor.
import { parseOrThrow } from '@turnpike/common';
import type { Filter } from 'mongodb';
import { z } from 'zod';
import { auditLog, type AuditDocument, type AuditEntry } from './record';

export const listAuditQuerySchema = z.object({
  resourceType: z.enum(['api', 'policy', 'key', 'user']).optional(),
  resourceId: z.string().max(64).optional(),
  actor: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional(),
});
export type ListAuditQuery = z.input<typeof listAuditQuerySchema>;

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

export async function listAudit(query: ListAuditQuery): Promise<AuditPage> {
  const { resourceType, resourceId, actor, limit, cursor } = parseOrThrow(
    listAuditQuerySchema,
    query,
  );
  const filter: Filter<AuditDocument> = {};
  if (resourceType) filter['resource.type'] = resourceType;
  if (resourceId) filter['resource.id'] = resourceId;
  if (actor) filter['actor.email'] = actor.toLowerCase();
  // Ids sort by time (newId), so the id is both the order and the cursor.
  if (cursor) filter._id = { $lt: cursor };
  const docs = await auditLog()
    .find(filter)
    .sort({ _id: -1 })
    .limit(limit + 1)
    .toArray();
  const items = docs.slice(0, limit).map(({ _id, ...entry }) => ({ id: _id, ...entry }));
  return { items, nextCursor: docs.length > limit ? (items.at(-1)?.id ?? null) : null };
}
