import type { Migration } from '../migration';

/*
 * Frozen copies of what the triggers below add up, not imports: a released migration never changes.
 * `report_daily` is on the monthly report's basis: a settlement counts on its own business date until it is
 * refunded; its refund takes it back out of that same date (whenever the refund happens). `report_daily_ledger`
 * is the ledger's own basis: every row, settlement or refund, on the business date it was written.
 */
const VISIT_UPSERT = `ON CONFLICT (business_date, med_type, self_pay) DO UPDATE SET
      visits = visits + excluded.visits, medfee = medfee + excluded.medfee, fund = fund + excluded.fund,
      hifp = hifp + excluded.hifp, inscope = inscope + excluded.inscope, personal = personal + excluded.personal`;
const ITEM_UPSERT = `ON CONFLICT (business_date, med_type, item_code) DO UPDATE SET
      amount = amount + excluded.amount, qty_milli = qty_milli + excluded.qty_milli`;
const LEDGER_COLUMNS = 'row_count, medfee, hifp, hifmi, maf, oth, fund, acct, cash';
const LEDGER_UPSERT = `ON CONFLICT (business_date, counter_id, kind) DO UPDATE SET
      row_count = row_count + excluded.row_count, medfee = medfee + excluded.medfee, hifp = hifp + excluded.hifp,
      hifmi = hifmi + excluded.hifmi, maf = maf + excluded.maf, oth = oth + excluded.oth, fund = fund + excluded.fund,
      acct = acct + excluded.acct, cash = cash + excluded.cash`;

/**
 * Sums per business day for the reports (日结单, 月报), so that a month's figures read a few hundred summary
 * rows instead of every settlement, line and refund of two months (with their trace text, ≈ 2.5 kB a row).
 *
 * These tables are a cache of sums, not evidence: they are written by triggers in the same transaction as
 * the ledger rows they add up (a settlement's bill and lines are written before the settlement row, as the
 * settlement service does), can be rebuilt at any time from the ledger with the INSERT … SELECT statements
 * below, and the report tests check them against the ledger. Unlike the ledger they are updated in place.
 */
export const reportIndexes: Migration = {
  version: 9,
  name: 'report-indexes',
  sql: /* sql */ `
    CREATE TABLE report_daily (
      business_date TEXT NOT NULL,
      med_type      TEXT NOT NULL,
      self_pay      INTEGER NOT NULL,
      visits        INTEGER NOT NULL,
      medfee        INTEGER NOT NULL,
      fund          INTEGER NOT NULL,
      hifp          INTEGER NOT NULL,
      inscope       INTEGER NOT NULL,
      personal      INTEGER NOT NULL,
      PRIMARY KEY (business_date, med_type, self_pay)
    ) STRICT;

    CREATE TABLE report_daily_items (
      business_date TEXT NOT NULL,
      med_type      TEXT NOT NULL,
      item_code     TEXT NOT NULL,
      amount        INTEGER NOT NULL,
      qty_milli     INTEGER NOT NULL,
      PRIMARY KEY (business_date, med_type, item_code)
    ) STRICT;

    CREATE TABLE report_daily_ledger (
      business_date TEXT NOT NULL,
      counter_id    TEXT NOT NULL,
      kind          TEXT NOT NULL,
      row_count     INTEGER NOT NULL,
      medfee        INTEGER NOT NULL,
      hifp          INTEGER NOT NULL,
      hifmi         INTEGER NOT NULL,
      maf           INTEGER NOT NULL,
      oth           INTEGER NOT NULL,
      fund          INTEGER NOT NULL,
      acct          INTEGER NOT NULL,
      cash          INTEGER NOT NULL,
      PRIMARY KEY (business_date, counter_id, kind)
    ) STRICT;

    -- 平均住院日 reads the month's discharges.
    CREATE INDEX discharges_discharged_on ON discharges (discharged_on);

    -- What the ledger holds already.
    INSERT INTO report_daily (business_date, med_type, self_pay, visits, medfee, fund, hifp, inscope, personal)
    SELECT s.business_date, b.med_type, b.self_pay, count(*), sum(s.medfee_sumamt), sum(s.fund_pay_sumamt), sum(s.hifp_pay),
           sum(s.inscp_scp_amt), sum(s.psn_part_amt)
      FROM settlements s JOIN bills b ON b.id = s.bill_id
     WHERE s.kind = 'settle' AND NOT EXISTS (SELECT 1 FROM settlements r WHERE r.reverses_id = s.id)
     GROUP BY 1, 2, 3;

    INSERT INTO report_daily_items (business_date, med_type, item_code, amount, qty_milli)
    SELECT s.business_date, b.med_type, l.item_code, sum(l.amount), sum(l.qty_milli)
      FROM settlements s JOIN bills b ON b.id = s.bill_id JOIN bill_lines l ON l.bill_id = s.bill_id
     WHERE s.kind = 'settle' AND NOT EXISTS (SELECT 1 FROM settlements r WHERE r.reverses_id = s.id)
     GROUP BY 1, 2, 3;

    INSERT INTO report_daily_ledger (business_date, counter_id, kind, ${LEDGER_COLUMNS})
    SELECT s.business_date, s.counter_id, s.kind, count(*), sum(s.medfee_sumamt), sum(s.hifp_pay), sum(s.hifmi_pay), sum(s.maf_pay),
           sum(s.oth_pay), sum(s.fund_pay_sumamt), sum(s.acct_pay), sum(s.psn_cash_pay)
      FROM settlements s
     GROUP BY 1, 2, 3;

    -- From now on, every settlement and refund row keeps them up to date.
    CREATE TRIGGER settlements_report_settle AFTER INSERT ON settlements WHEN NEW.kind = 'settle'
    BEGIN
      INSERT INTO report_daily (business_date, med_type, self_pay, visits, medfee, fund, hifp, inscope, personal)
      SELECT NEW.business_date, b.med_type, b.self_pay, 1, NEW.medfee_sumamt, NEW.fund_pay_sumamt, NEW.hifp_pay,
             NEW.inscp_scp_amt, NEW.psn_part_amt
        FROM bills b WHERE b.id = NEW.bill_id
      ${VISIT_UPSERT};
      INSERT INTO report_daily_items (business_date, med_type, item_code, amount, qty_milli)
      SELECT NEW.business_date, b.med_type, l.item_code, sum(l.amount), sum(l.qty_milli)
        FROM bill_lines l JOIN bills b ON b.id = l.bill_id WHERE l.bill_id = NEW.bill_id GROUP BY l.item_code
      ${ITEM_UPSERT};
    END;

    CREATE TRIGGER settlements_report_refund AFTER INSERT ON settlements WHEN NEW.kind = 'refund'
    BEGIN
      INSERT INTO report_daily (business_date, med_type, self_pay, visits, medfee, fund, hifp, inscope, personal)
      SELECT s.business_date, b.med_type, b.self_pay, -1, -s.medfee_sumamt, -s.fund_pay_sumamt, -s.hifp_pay, -s.inscp_scp_amt, -s.psn_part_amt
        FROM settlements s JOIN bills b ON b.id = s.bill_id WHERE s.id = NEW.reverses_id
      ${VISIT_UPSERT};
      INSERT INTO report_daily_items (business_date, med_type, item_code, amount, qty_milli)
      SELECT s.business_date, b.med_type, l.item_code, -sum(l.amount), -sum(l.qty_milli)
        FROM settlements s JOIN bills b ON b.id = s.bill_id JOIN bill_lines l ON l.bill_id = s.bill_id
       WHERE s.id = NEW.reverses_id GROUP BY l.item_code
      ${ITEM_UPSERT};
    END;

    CREATE TRIGGER settlements_report_ledger AFTER INSERT ON settlements
    BEGIN
      INSERT INTO report_daily_ledger (business_date, counter_id, kind, ${LEDGER_COLUMNS})
      SELECT NEW.business_date, NEW.counter_id, NEW.kind, 1, NEW.medfee_sumamt, NEW.hifp_pay, NEW.hifmi_pay, NEW.maf_pay,
             NEW.oth_pay, NEW.fund_pay_sumamt, NEW.acct_pay, NEW.psn_cash_pay
       WHERE true
      ${LEDGER_UPSERT};
    END;
  `,
};
