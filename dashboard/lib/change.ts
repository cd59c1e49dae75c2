// Applies one change as a unit: the write, its audit entry and its notice; a later failure undoes the earlier steps.
import { recordAudit, withdrawAudit, type AuditInput } from './audit/record';

export interface Change {
  /** The primary write (MongoDB, and Redis where the change touches sessions). */
  write: () => Promise<void>;
  /** Restores the state before `write`; called only when a later step fails. */
  undo: () => Promise<void>;
  audit: AuditInput;
  /** Tells the gateways (Redis pub/sub). */
  notify: () => Promise<void>;
}

export async function applyChange(change: Change): Promise<void> {
  await change.write();
  let auditId: string | undefined;
  try {
    auditId = await recordAudit(change.audit);
    await change.notify();
  } catch (error) {
    if (auditId !== undefined) await withdrawAudit(auditId).catch(() => undefined);
    await change.undo().catch((undoError: unknown) => {
      console.error(
        `dashboard: could not undo ${change.audit.action} ${change.audit.resource.id}:`,
        undoError,
      );
    });
    throw error;
  }
}
