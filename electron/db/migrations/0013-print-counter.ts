import type { Migration } from '../migration';

/**
 * Print jobs are addressed to a counter (issue 13): on the hospital server each window's print worker
 * takes its own counter's jobs only. A receipt goes to the counter that took the money (its shift's), a
 * 重打 or a 日结单 slip to the counter that asked for it.
 *
 * Existing jobs: a receipt already printed keeps the counter of the money it records; every job still
 * waiting, every 重打 and every slip was asked for at this PC and stays with this PC's own counter (before
 * this change one worker printed every job on this PC's printer, so nothing waiting is stranded at a
 * counter number this PC no longer has). print_jobs is append-only, so its update trigger is lifted for
 * the backfill only and put back as it was. From now on a job without a counter is refused.
 */
export const printCounter: Migration = {
  version: 13,
  name: 'print-counter',
  sql: /* sql */ `
    ALTER TABLE print_jobs ADD COLUMN counter_id TEXT;

    DROP TRIGGER print_jobs_no_update;
    UPDATE print_jobs SET counter_id = coalesce(
      CASE
        WHEN copy > 0 OR kind = 'daily' THEN NULL
        WHEN NOT EXISTS (SELECT 1 FROM print_attempts a WHERE a.job_id = print_jobs.id AND a.outcome = 'printed') THEN NULL
        WHEN kind = 'settlement' THEN (SELECT s.counter_id FROM settlements s WHERE s.id = print_jobs.ref_id)
        WHEN kind = 'deposit' THEN (SELECT d.counter_id FROM deposits d WHERE d.id = print_jobs.ref_id)
        WHEN kind = 'shift' THEN (SELECT h.counter_id FROM shifts h WHERE h.id = print_jobs.ref_id)
      END,
      (SELECT value FROM settings WHERE key = 'counterId'),
      '01'
    );
    CREATE TRIGGER print_jobs_no_update BEFORE UPDATE ON print_jobs
      BEGIN SELECT RAISE(ABORT, '打印任务一经写入不可修改'); END;

    CREATE TRIGGER print_jobs_counter_required BEFORE INSERT ON print_jobs WHEN NEW.counter_id IS NULL
      BEGIN SELECT RAISE(ABORT, '打印任务须写明由哪个收费台打印'); END;

    CREATE INDEX print_jobs_counter ON print_jobs (counter_id, id);
  `,
};
