import { ApiError } from '../../shared/api/errors';
import type { PrintJob, PrintKind } from '../../shared/printing';
import type { Db } from '../db/open';
import { SettingsRepository } from '../db/repositories/settings-repository';
import { prepared } from '../db/statements';

interface JobRow {
  id: number;
  kind: PrintKind;
  ref_id: number;
  payload_json: string | null;
  copy: number;
  counter_id: string;
  created_at: string;
  attempts: number;
  last_error: string | null;
  partly_printed: number;
}

const JOB_SELECT = `
  SELECT j.id, j.kind, j.ref_id, j.payload_json, j.copy, j.counter_id, j.created_at,
         (SELECT count(*) FROM print_attempts a WHERE a.job_id = j.id) AS attempts,
         (SELECT a.reason FROM print_attempts a WHERE a.job_id = j.id AND a.outcome = 'failed' ORDER BY a.id DESC LIMIT 1) AS last_error,
         EXISTS (SELECT 1 FROM print_attempts a WHERE a.job_id = j.id AND a.partial = 1) AS partly_printed
    FROM print_jobs j`;

const toJob = (r: JobRow): PrintJob => ({
  id: r.id,
  kind: r.kind,
  refId: r.ref_id,
  payload: r.payload_json === null ? null : (JSON.parse(r.payload_json) as unknown),
  copy: r.copy,
  counterId: r.counter_id,
  createdAt: r.created_at,
  attempts: r.attempts,
  lastError: r.last_error,
  partlyPrinted: r.partly_printed === 1,
});

/** What a counter's printer did with a job, as its print worker reports it. */
export type PrintOutcome = { outcome: 'printed' } | { outcome: 'failed'; reason: string; partial: boolean };

/**
 * Receipts waiting for the printer, kept in SQLite: enqueued inside the transaction that writes the money,
 * done only when the printer confirms. A printer that is off, out of paper or unplugged costs nothing.
 * Every job is addressed to the counter whose printer prints it (on the hospital server, each window's
 * worker takes its own counter's jobs only).
 */
export class PrintQueue {
  private readonly settings: SettingsRepository;

  constructor(private readonly db: Db) {
    this.settings = new SettingsRepository(db);
  }

  /** This PC's own counter: the one its own print worker prints for. */
  localCounter(): string {
    return this.settings.counterFor({});
  }

  /** Call inside the caller's write transaction. `counterId`: the counter that took the money (its shift's). */
  enqueue(kind: PrintKind, refId: number, operator: string, at: string, counterId: string): number {
    return Number(
      prepared(this.db, 'INSERT INTO print_jobs (kind, ref_id, copy, counter_id, operator, created_at) VALUES (?, ?, 0, ?, ?, ?)').run(
        kind,
        refId,
        counterId,
        operator,
        at,
      ).lastInsertRowid,
    );
  }

  /** The short 日结单 for the receipt printer of the counter that asked: a job of its own, numbered in its own sequence. */
  enqueueDaily(query: unknown, operator: string, at: string, counterId: string): PrintJob {
    return this.db.transaction(() => {
      const next = prepared(this.db, "SELECT coalesce(max(ref_id), 0) + 1 FROM print_jobs WHERE kind = 'daily'").pluck().get() as number;
      const id = Number(
        prepared(
          this.db,
          "INSERT INTO print_jobs (kind, ref_id, payload_json, copy, counter_id, operator, created_at) VALUES ('daily', ?, ?, 0, ?, ?, ?)",
        ).run(next, JSON.stringify(query), counterId, operator, at).lastInsertRowid,
      );
      return this.job(id)!;
    }).immediate();
  }

  /** 重打: a new job for a receipt already issued, numbered so the paper says which copy it is, printed at the counter that asks. */
  reprint(kind: PrintKind, refId: number, operator: string, at: string, counterId: string): PrintJob {
    return this.db.transaction(() => {
      const copies = prepared(this.db, 'SELECT max(copy) FROM print_jobs WHERE kind = ? AND ref_id = ?').pluck().get(kind, refId) as number | null;
      if (copies === null) throw new ApiError('NOT_FOUND', '没有这张收据的打印记录，不能重打');
      const id = Number(
        prepared(
          this.db,
          `INSERT INTO print_jobs (kind, ref_id, payload_json, copy, counter_id, operator, created_at)
           SELECT kind, ref_id, payload_json, ?, ?, ?, ? FROM print_jobs WHERE kind = ? AND ref_id = ? AND copy = 0`,
        ).run(copies + 1, counterId, operator, at, kind, refId)
          .lastInsertRowid,
      );
      return this.job(id)!;
    }).immediate();
  }

  job(id: number): PrintJob | null {
    const row = prepared(this.db, `${JOB_SELECT} WHERE j.id = ?`).get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  /** A counter's jobs its printer has not confirmed, oldest first (this PC's counter's when none is named). */
  pending(counterId: string = this.localCounter(), limit?: number): PrintJob[] {
    return (
      prepared(
        this.db,
        `${JOB_SELECT} WHERE j.counter_id = ? AND NOT EXISTS (SELECT 1 FROM print_attempts a WHERE a.job_id = j.id AND a.outcome = 'printed') ORDER BY j.id LIMIT ?`,
      ).all(counterId, limit ?? -1) as JobRow[]
    ).map(toJob);
  }

  /** The printer confirmed the job. A job already marked printed stays as it is; returns whether a row was written. */
  markPrinted(jobId: number, at: string): boolean {
    if (this.printed(jobId)) return false;
    prepared(this.db, "INSERT INTO print_attempts (job_id, outcome, reason, at) VALUES (?, 'printed', NULL, ?)").run(jobId, at);
    return true;
  }

  /**
   * What a counter's printer did with one of its jobs (a terminal's worker, through print.report). A job of
   * another counter is refused and nothing is written; a job already printed records nothing more (a
   * report repeated after a lost answer). Returns the job as it is now and whether a row was written.
   */
  report(jobId: number, counterId: string, result: PrintOutcome, at: string): { job: PrintJob; recorded: boolean } {
    return this.db.transaction(() => {
      const job = this.job(jobId);
      if (!job) throw new ApiError('NOT_FOUND', `没有编号为 ${jobId} 的打印任务`);
      if (job.counterId !== counterId) {
        throw new ApiError('CONFLICT', `打印任务 ${jobId} 属于收费台 ${job.counterId}，不是本收费台（${counterId}）的收据：未作任何记录`);
      }
      const recorded = this.printed(jobId)
        ? false
        : result.outcome === 'printed'
          ? this.markPrinted(jobId, at)
          : this.markFailed(jobId, result.reason, at, result.partial);
      return { job: this.job(jobId)!, recorded };
    }).immediate();
  }

  private printed(jobId: number): boolean {
    return prepared(this.db, "SELECT 1 FROM print_attempts WHERE job_id = ? AND outcome = 'printed'").pluck().get(jobId) !== undefined;
  }

  /**
   * Records a failed attempt when it tells something new: a different reason, a job that had not failed
   * yet, or a failure that may have left half a receipt (which decides 重打). A printer that stays
   * unconfigured or out of paper is one row, not one every pass of the worker (~28,800 a day at 3 s).
   * Returns whether a row was written.
   */
  markFailed(jobId: number, reason: string, at: string, partial = false): boolean {
    if (!partial) {
      const last = prepared(this.db, 'SELECT outcome, reason FROM print_attempts WHERE job_id = ? ORDER BY id DESC LIMIT 1').get(jobId) as
        | { outcome: string; reason: string | null }
        | undefined;
      if (last?.outcome === 'failed' && last.reason === reason) return false;
    }
    prepared(this.db, "INSERT INTO print_attempts (job_id, outcome, reason, partial, at) VALUES (?, 'failed', ?, ?, ?)").run(
      jobId,
      reason,
      partial ? 1 : 0,
      at,
    );
    return true;
  }
}
