import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import { formatMsgid, type RecordResult } from '../../shared/district/protocol';

/** A counter's number in msgids: the last two digits of its id (counter 01 → 1, 12 → 12; none → 0). */
export function counterNumber(counterId: string): number {
  const digits = /(\d{1,2})$/.exec(counterId);
  return digits ? Number(digits[1]) : 0;
}

export interface OutboxRow {
  id: number;
  kind: 'settlement' | 'refund' | 'resubmit';
  ref_id: number;
  payload_json: string;
  created_at: string;
  /** Joined from the settlement when read for a batch. */
  business_date?: string;
}

export interface BatchRow {
  id: number;
  msgid: string;
  created_at: string;
  message_id: number;
}

/**
 * The upload's rows: messages (msgid on disk before sending), batches and their items, attempts and the
 * centre's results. Only inserts; every state is a query over them. Batches are formed and answered in
 * outbox order, so "not yet batched" is simply everything after the last batched row.
 */
export class UploadStore {
  constructor(
    private readonly db: Db,
    /** This counter's number, 0–99 (see counterNumber). */
    private readonly counterNumber: () => number,
  ) {}

  /**
   * Allocates the next msgid and writes it down, in the caller's transaction or its own. The 4-digit
   * sequence is this counter's number (2 digits) and a rolling count (2 digits), so the counters of one
   * hospital, each with its own database, never mint the same msgid; a count that wraps within one second
   * moves the stamp on a second rather than repeat itself.
   */
  newMessage(fixmedinsCode: string, infno: string, at: Date, batchId: number | null = null): { id: number; msgid: string } {
    const id = prepared(this.db, 'SELECT coalesce(max(id), 0) + 1 FROM district_messages').pluck().get() as number;
    const taken = prepared(this.db, 'SELECT 1 FROM district_messages WHERE msgid = ?').pluck();
    const sequence = this.counterNumber() * 100 + (id % 100);
    let stamp = at;
    let msgid = formatMsgid(fixmedinsCode, stamp, sequence);
    while (taken.get(msgid) !== undefined) {
      stamp = new Date(stamp.getTime() + 1000);
      msgid = formatMsgid(fixmedinsCode, stamp, sequence);
    }
    prepared(this.db, 'INSERT INTO district_messages (id, msgid, infno, batch_id, created_at) VALUES (?, ?, ?, ?, ?)').run(
      id,
      msgid,
      infno,
      batchId,
      at.toISOString(),
    );
    return { id, msgid };
  }

  recordAttempt(messageId: number, outcome: 'ok' | 'refused' | 'unknown', error: string | null, at: Date): void {
    prepared(this.db, 'INSERT INTO district_attempts (message_id, outcome, error, at) VALUES (?, ?, ?, ?)').run(messageId, outcome, error, at.toISOString());
  }

  /** The batch sent (or about to be) whose answer is not in: at most one, by construction. */
  openBatch(): BatchRow | null {
    const row = prepared(
      this.db,
      `SELECT b.id, b.msgid, b.created_at, m.id AS message_id
         FROM upload_batches b JOIN district_messages m ON m.msgid = b.msgid
        WHERE NOT EXISTS (SELECT 1 FROM upload_results r WHERE r.batch_id = b.id)
        ORDER BY b.id LIMIT 1`,
    ).get() as BatchRow | undefined;
    return row ?? null;
  }

  private lastBatched(): number {
    return prepared(this.db, 'SELECT coalesce(max(outbox_id), 0) FROM upload_batch_items').pluck().get() as number;
  }

  /** Outbox rows no batch carries yet: how many, and when the oldest was written. */
  unbatched(): { count: number; oldest: string | null } {
    const after = this.lastBatched();
    // Counted on the small ref_id index: the table's rows carry the payloads, megabytes of them.
    const count = prepared(this.db, 'SELECT count(*) FROM outbox INDEXED BY outbox_ref WHERE id > ?').pluck().get(after) as number;
    const oldest = prepared(this.db, 'SELECT created_at FROM outbox WHERE id > ? ORDER BY id LIMIT 1').pluck().get(after) as string | undefined;
    return { count, oldest: oldest ?? null };
  }

  /** A new batch of the next rows in outbox order, with its message, committed as one. */
  createBatch(fixmedinsCode: string, infno: string, size: number, at: Date): BatchRow {
    return this.db
      .transaction(() => {
        const ids = prepared(this.db, 'SELECT id FROM outbox WHERE id > ? ORDER BY id LIMIT ?')
          .pluck()
          .all(this.lastBatched(), size) as number[];
        const message = this.newMessage(fixmedinsCode, infno, at);
        const batchId = Number(
          prepared(this.db, 'INSERT INTO upload_batches (msgid, created_at) VALUES (?, ?)').run(message.msgid, at.toISOString()).lastInsertRowid,
        );
        const item = prepared(this.db, 'INSERT INTO upload_batch_items (batch_id, position, outbox_id) VALUES (?, ?, ?)');
        ids.forEach((outboxId, position) => item.run(batchId, position, outboxId));
        return { id: batchId, msgid: message.msgid, created_at: at.toISOString(), message_id: message.id };
      })
      .immediate();
  }

  /** The batch's rows with what a record needs besides the payload (its settlement's business date). */
  items(batchId: number): OutboxRow[] {
    return prepared(
      this.db,
      `SELECT o.id, o.kind, o.ref_id, o.payload_json, o.created_at, s.business_date
         FROM upload_batch_items i JOIN outbox o ON o.id = i.outbox_id JOIN settlements s ON s.id = o.ref_id
        WHERE i.batch_id = ? ORDER BY i.position`,
    ).all(batchId) as OutboxRow[];
  }

  itemIds(batchId: number): number[] {
    return prepared(this.db, 'SELECT outbox_id FROM upload_batch_items WHERE batch_id = ? ORDER BY position').pluck().all(batchId) as number[];
  }

  firstItemAt(batchId: number): string | null {
    return (
      (prepared(
        this.db,
        'SELECT o.created_at FROM upload_batch_items i JOIN outbox o ON o.id = i.outbox_id WHERE i.batch_id = ? ORDER BY i.position LIMIT 1',
      )
        .pluck()
        .get(batchId) as string | undefined) ?? null
    );
  }

  itemCount(batchId: number): number {
    return prepared(this.db, 'SELECT count(*) FROM upload_batch_items WHERE batch_id = ?').pluck().get(batchId) as number;
  }

  /** The centre's word on every record of a batch, written together. */
  saveResults(batchId: number, results: { outboxId: number; result: RecordResult }[], at: Date): void {
    const insert = prepared(
      this.db,
      'INSERT INTO upload_results (outbox_id, batch_id, status, reason, duplicate, at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db
      .transaction(() => {
        for (const { outboxId, result } of results) {
          insert.run(outboxId, batchId, result.status, result.status === 'rejected' ? (result.reason ?? '中心未说明原因') : null, result.duplicate ? 1 : 0, at.toISOString());
        }
      })
      .immediate();
  }

  lastAttempt(outcome: 'ok' | 'failed'): { id: number; at: string; error: string | null } | null {
    const where = outcome === 'ok' ? "outcome = 'ok'" : "outcome <> 'ok'";
    const row = prepared(this.db, `SELECT id, at, error FROM district_attempts WHERE ${where} ORDER BY id DESC LIMIT 1`).get() as
      | { id: number; at: string; error: string | null }
      | undefined;
    return row ?? null;
  }

  counts(): { accepted: number; rejectedOpen: number } {
    return prepared(
      this.db,
      `SELECT (SELECT count(*) FROM upload_results WHERE status = 'accepted') AS accepted,
              (SELECT count(*) FROM upload_results r WHERE r.status = 'rejected'
                 AND NOT EXISTS (SELECT 1 FROM rejection_actions a WHERE a.outbox_id = r.outbox_id)) AS rejectedOpen`,
    ).get() as { accepted: number; rejectedOpen: number };
  }
}
