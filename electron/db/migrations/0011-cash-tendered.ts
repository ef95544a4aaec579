import type { Migration } from '../migration';

/**
 * 实收 and 找零 of a cash settlement, as the cashier took them: the receipt and every reprint show what was
 * handed over, not just the amount due. One row per settlement, written in its transaction.
 */
export const cashTendered: Migration = {
  version: 11,
  name: 'cash-tendered',
  sql: /* sql */ `
    CREATE TABLE cash_tenders (
      settlement_id INTEGER PRIMARY KEY REFERENCES settlements (id),
      tendered      INTEGER NOT NULL CHECK (tendered > 0),
      change        INTEGER NOT NULL CHECK (change >= 0 AND change < tendered)
    ) STRICT;

    CREATE TRIGGER cash_tenders_no_update BEFORE UPDATE ON cash_tenders
      BEGIN SELECT RAISE(ABORT, '实收记录一经写入不可修改'); END;
    CREATE TRIGGER cash_tenders_no_delete BEFORE DELETE ON cash_tenders
      BEGIN SELECT RAISE(ABORT, '实收记录不可删除'); END;
  `,
};
