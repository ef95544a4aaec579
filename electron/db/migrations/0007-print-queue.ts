import type { Migration } from '../migration';

/**
 * The print queue: a receipt is a job row written in the same transaction as the money it records, so a
 * settlement can never exist without its receipt waiting to be printed. A job is done only when an attempt
 * row says the printer reported success; failed attempts keep their reason for the cashier.
 */
export const printQueue: Migration = {
  version: 7,
  name: 'print-queue',
  sql: /* sql */ `
    CREATE TABLE print_jobs (
      id         INTEGER PRIMARY KEY,
      kind       TEXT NOT NULL CHECK (kind IN ('settlement', 'deposit', 'shift', 'daily')),
      -- The settlement, deposit or shift printed; for a 日结单 slip ('daily') a running number.
      ref_id     INTEGER NOT NULL,
      -- What a 'daily' slip covers (the sheet's query: a shift, or a date and counter).
      payload_json TEXT CHECK (payload_json IS NULL OR json_valid(payload_json)),
      -- 0 for the original; n for the n-th reprint (重打), printed with that mark.
      copy       INTEGER NOT NULL CHECK (copy >= 0),
      operator   TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (kind, ref_id, copy)
    ) STRICT;

    CREATE TABLE print_attempts (
      id      INTEGER PRIMARY KEY,
      job_id  INTEGER NOT NULL REFERENCES print_jobs (id),
      outcome TEXT NOT NULL CHECK (outcome IN ('printed', 'failed')),
      reason  TEXT,
      -- A failure after bytes were sent: part of the receipt may be on paper, so the retry is marked 重打.
      partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
      at      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX print_attempts_job ON print_attempts (job_id);

    CREATE TRIGGER print_jobs_no_update BEFORE UPDATE ON print_jobs
      BEGIN SELECT RAISE(ABORT, '打印任务一经写入不可修改'); END;
    CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs
      BEGIN SELECT RAISE(ABORT, '打印任务不可删除'); END;

    CREATE TRIGGER print_attempts_no_update BEFORE UPDATE ON print_attempts
      BEGIN SELECT RAISE(ABORT, '打印记录一经写入不可修改'); END;
    CREATE TRIGGER print_attempts_no_delete BEFORE DELETE ON print_attempts
      BEGIN SELECT RAISE(ABORT, '打印记录不可删除'); END;
  `,
};
