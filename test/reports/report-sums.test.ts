import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonthlyReports } from '../../electron/reports/monthly-report';
import { hasReportSums, MONTH, PREVIOUS_MONTH, seedLedger, type Seeded } from './seed';

// The per-day sums of migration 0009: kept by triggers as the counter settles and refunds, or filled at once
// from an existing ledger by the migration, they give the monthly report exactly what the ledger rows give.

let live: Seeded;
let backfilled: Seeded;

beforeAll(async () => {
  live = await seedLedger({ reportSums: 'before' });
  backfilled = await seedLedger({ reportSums: 'after' });
}, 60_000);
afterAll(() => {
  live.app.dispose();
  backfilled.app.dispose();
});

const TABLES = ['report_daily', 'report_daily_items', 'report_daily_ledger'] as const;

describe('report sums (migration 0009)', () => {
  it('kept by triggers equal what the migration computes from the finished ledger', () => {
    expect(hasReportSums(live.app.db) && hasReportSums(backfilled.app.db)).toBe(true);
    for (const table of TABLES) {
      // Rows whose sums went back to zero (every settlement of a day refunded) are dropped by neither; compare
      // the non-zero ones, which are what the reports read.
      const rows = (s: Seeded) => s.app.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all() as Record<string, unknown>[];
      const nonZero = (list: Record<string, unknown>[]) =>
        list.filter((r) => Object.entries(r).some(([k, v]) => typeof v === 'number' && k !== 'self_pay' && v !== 0));
      expect(nonZero(rows(live)), table).toEqual(nonZero(rows(backfilled)));
      expect(rows(live).length, table).toBeGreaterThan(0);
    }
  });

  it('give the monthly report exactly what the ledger rows give', () => {
    for (const seeded of [live, backfilled]) {
      const now = () => seeded.clock.now;
      const fast = new MonthlyReports(seeded.app.db, seeded.app.repos, now);
      const slow = new MonthlyReports(seeded.app.db, seeded.app.repos, now, { summaries: 'never' });
      expect(fast.usesSummaries()).toBe(true);
      expect(slow.usesSummaries()).toBe(false);
      for (const month of [MONTH, PREVIOUS_MONTH, '2026-12']) expect(fast.report(month), month).toEqual(slow.report(month));
    }
  });

  it('follow a refund back to the day of the settlement it reverses', () => {
    const db = live.app.db;
    // 01-00000001 (2026-10-15) was refunded on 2026-11-23: October loses the visit, November's ledger shows the refund.
    const october = db.prepare("SELECT sum(visits) FROM report_daily WHERE business_date = '2026-10-15'").pluck().get() as number;
    const settledThatDay = db
      .prepare(
        `SELECT count(*) FROM settlements s WHERE s.business_date = '2026-10-15' AND s.kind = 'settle'
            AND s.id NOT IN (SELECT reverses_id FROM settlements WHERE reverses_id IS NOT NULL)`,
      )
      .pluck()
      .get() as number;
    expect(october).toBe(settledThatDay);
    const refundsOnDay = db.prepare("SELECT row_count FROM report_daily_ledger WHERE business_date = '2026-11-23' AND kind = 'refund'").pluck().get();
    expect(refundsOnDay).toBe(4);
  });
});
