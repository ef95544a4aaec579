import type { Db } from '../db/open';
import { prepared } from '../db/statements';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  details?: Record<string, unknown>;
}

/** Appends to the audit trail; callers do it inside the same transaction as the change it records. */
export function writeAudit(db: Db, entry: AuditEntry): void {
  prepared(db, 'INSERT INTO audit_log (actor, action, entity, details_json) VALUES (?, ?, ?, ?)').run(
    entry.actor,
    entry.action,
    entry.entity,
    JSON.stringify(entry.details ?? {}),
  );
}
