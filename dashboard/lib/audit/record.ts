// Writing the audit trail: who changed what, when, with the state before and after.
import { newId } from '@turnpike/common';
import type { Collection } from 'mongodb';
import { mongo } from '../db';

export type AuditResource = 'api' | 'policy' | 'key' | 'user';

export interface Actor {
  id: string;
  email: string;
}

export interface AuditEntry {
  id: string;
  ts: string;
  actor: Actor;
  /** `<resource>.<verb>`, e.g. `api.create`, `key.rotate`. */
  action: string;
  resource: { type: AuditResource; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export type AuditDocument = Omit<AuditEntry, 'id'> & { _id: string };

export function auditLog(): Collection<AuditDocument> {
  return mongo().collection<AuditDocument>('audit');
}

// Never in the trail: raw keys are never held, and key hashes and password hashes are secrets' stand-ins.
const SECRET_FIELDS = new Set(['hash', 'key', 'passwordHash', 'password', '_id']);

function scrub(state: object | null): Record<string, unknown> | null {
  if (state === null) return null;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(state))
    if (!SECRET_FIELDS.has(name)) copy[name] = value;
  return copy;
}

export interface AuditInput {
  actor: Actor;
  action: string;
  resource: { type: AuditResource; id: string };
  before: object | null;
  after: object | null;
}

/** Records one change and returns its id, so a change that fails later can withdraw it. */
export async function recordAudit(input: AuditInput): Promise<string> {
  const id = newId('au');
  await auditLog().insertOne({
    _id: id,
    ts: new Date().toISOString(),
    actor: { id: input.actor.id, email: input.actor.email },
    action: input.action,
    resource: input.resource,
    before: scrub(input.before),
    after: scrub(input.after),
  });
  return id;
}

export async function withdrawAudit(id: string): Promise<void> {
  await auditLog().deleteOne({ _id: id });
}
