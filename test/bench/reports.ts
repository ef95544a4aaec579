/**
 * Reports on a big ledger: the 日结单 of a busy day (2,000 settlements in one shift, with refunds and
 * deposits) and the monthly report over a database holding 1,000,000 settlements. Goals: the day's sheet
 * under 100 ms, the month under 1 s.
 *
 * The ledger is written with direct SQL (INSERT … SELECT over generated numbers, 100,000 settlements per
 * transaction) into a migrated database with the demo hospital: bills with three lines from the demo
 * catalogue (drugs, services, materials), settlements whose amounts obey the ledger's CHECKs (fund layers,
 * personal account for employees, self-pay bills), a payment per settlement, a refund for 1 in 100, one shift
 * per day, and an admission with its discharge for every inpatient settlement; every settlement row carries
 * the funds and trace JSON of a real one (≈ 2.5 kB, so reading a settlement row costs what it costs on a
 * counter). Migration 0009's per-day sums are filled as the migration would fill them on an existing
 * database (or by its triggers, once it is registered). The million settlements cover
 * one year (≈ 2,700 a day, ≈ 83,000 a month — far busier than a township hospital, so the month is a stress
 * case); the measured day follows them.
 *
 *   node --import tsx test/bench/reports.ts [settlements]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepositories } from '../../electron/db/repositories';
import { reportIndexes } from '../../electron/db/migrations/0009-report-indexes';
import { databasePath, openDatabase, type Db } from '../../electron/db/open';
import { seedDemo } from '../../electron/demo/seed-demo';
import { DailySheetReports } from '../../electron/reports/daily-sheet';
import { MonthlyReports } from '../../electron/reports/monthly-report';
import { ShiftService } from '../../electron/shifts/shift-service';
import { outpatientBill } from '../helpers/demo-bills';
import { inProcessClient } from '../helpers/client';
import { openDemoApp } from '../helpers/temp-app';

export interface ReportsBench {
  /** Settlement rows in the database (refunds included). */
  settlements: number;
  billLines: number;
  generateSeconds: number;
  /** Migration 0009 filling its per-day sums from the generated ledger (null: the app's migrations had it). */
  migrateSeconds: number | null;
  databaseMb: number;
  day: {
    date: string;
    settlements: number;
    /** 日结单 figures for the day (all counters): first call and median of the next runs. */
    sheetFirstMs: number;
    sheetMedianMs: number;
    /** The same for the day's shift. */
    shiftSheetMedianMs: number;
    /** Figures + A4 PDF, and the receipt-printer short form. */
    pdfMedianMs: number;
    slipMedianMs: number;
  };
  month: {
    month: string;
    /** Settlements in the month and the month before (both are read). */
    settlements: number;
    reportFirstMs: number;
    reportMedianMs: number;
    pdfMedianMs: number;
    /** The same report from the ledger rows alone (without migration 0009's sums), one run. */
    withoutSumsMs: number;
  };
}

const BENCH_START = '2025-11-01';
const BENCH_DAYS = 365;
const DAY = '2026-11-23';
const MONTH = '2026-10';
const CHUNK = 100_000;

export async function benchReports(options: { settlements?: number; daySettlements?: number; runs?: number } = {}): Promise<ReportsBench> {
  const total = options.settlements ?? 1_000_000;
  const daySettlements = options.daySettlements ?? 2_000;
  const runs = options.runs ?? 7;
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-reports-'));
  try {
    const file = databasePath(dir);
    const { db } = openDatabase(file);
    const repos = createRepositories(db);
    seedDemo(db, repos);

    const started = performance.now();
    generateLedger(db, total, daySettlements, await realJson());
    const generateSeconds = (performance.now() - started) / 1000;
    let migrateSeconds: number | null = null;
    if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'report_daily'").get() === undefined) {
      const t = performance.now();
      db.transaction(() => db.exec(reportIndexes.sql))();
      migrateSeconds = (performance.now() - t) / 1000;
    }
    db.pragma('optimize');

    const clock = () => new Date(`${DAY}T18:00:00+08:00`);
    const shifts = new ShiftService(db, repos, clock);
    const daily = new DailySheetReports(db, repos, shifts, clock);
    const monthly = new MonthlyReports(db, repos, clock);
    const dayShift = db.prepare('SELECT id FROM shifts WHERE business_date = ?').pluck().get(DAY) as number;

    const time = async (fn: () => unknown): Promise<number> => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const median = async (fn: () => unknown) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await time(fn));
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    };

    const sheetFirstMs = await time(() => daily.sheet({ date: DAY }));
    const sheetMedianMs = await median(() => daily.sheet({ date: DAY }));
    const shiftSheetMedianMs = await median(() => daily.sheet({ shiftId: dayShift }));
    const pdfMedianMs = await median(() => daily.pdf({ date: DAY }));
    const slipMedianMs = await median(() => daily.slip({ date: DAY }));
    const sheet = daily.sheet({ date: DAY });
    if (sheet.problems.length > 0) throw new Error(`基准数据的日结单有异常：${sheet.problems.join('；')}`);

    const reportFirstMs = await time(() => monthly.report(MONTH));
    const reportMedianMs = await median(() => monthly.report(MONTH));
    const monthPdfMedianMs = await median(() => monthly.pdf(MONTH));
    const withoutSumsMs = await time(() => new MonthlyReports(db, repos, clock, { summaries: 'never' }).report(MONTH));

    const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
    const result: ReportsBench = {
      settlements: count('SELECT count(*) FROM settlements'),
      billLines: count('SELECT count(*) FROM bill_lines'),
      generateSeconds,
      migrateSeconds,
      databaseMb: 0,
      day: {
        date: DAY,
        settlements: count("SELECT count(*) FROM settlements WHERE business_date = ? AND kind = 'settle'", DAY),
        sheetFirstMs,
        sheetMedianMs,
        shiftSheetMedianMs,
        pdfMedianMs,
        slipMedianMs,
      },
      month: {
        month: MONTH,
        settlements: count("SELECT count(*) FROM settlements WHERE business_date BETWEEN '2026-09-01' AND '2026-10-31'"),
        reportFirstMs,
        reportMedianMs,
        pdfMedianMs: monthPdfMedianMs,
        withoutSumsMs,
      },
    };
    db.close();
    result.databaseMb = Math.round(statSync(file).size / 1024 / 1024);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The funds and trace JSON of a real outpatient settlement (≈ 2.5 kB a row, as the counter writes them). */
async function realJson(): Promise<{ funds: string; trace: string }> {
  const app = openDemoApp({ now: () => new Date(`${DAY}T09:00:00+08:00`) });
  try {
    const record = await inProcessClient(app)['settlement.settle']({ ...outpatientBill(), clientRequestId: 'bench-json-1' });
    return app.db.prepare('SELECT funds_json AS funds, trace_json AS trace FROM settlements WHERE id = ?').get(record.id) as { funds: string; trace: string };
  } finally {
    app.dispose();
  }
}

/**
 * Writes `total` settlements over BENCH_DAYS days from BENCH_START, then `daySettlements` on DAY in one
 * shift at counter 01 (receipt numbers running on without gaps), with refunds, deposits and a closing.
 */
function generateLedger(db: Db, total: number, daySettlements: number, json: { funds: string; trace: string }): void {
  db.pragma('synchronous = OFF'); // a bench database: speed of writing it is not what is measured
  db.pragma('foreign_keys = OFF');
  const policy = db.prepare('SELECT id FROM policies ORDER BY effective_from DESC LIMIT 1').pluck().get() as string;
  db.exec(`
    CREATE TEMP TABLE bench_items AS
      SELECT row_number() OVER (ORDER BY code) - 1 AS k, code, insurer_code, name, charge_class, price, kind
        FROM catalogue_items WHERE insurer_code IS NOT NULL;
    CREATE TEMP TABLE bench_lines (ln INTEGER PRIMARY KEY);
    INSERT INTO bench_lines VALUES (1), (2), (3);`);
  const items = db.prepare('SELECT count(*) FROM temp.bench_items').pluck().get() as number;

  // One shift per day of the year, opened and closed (the closing's figures are not what is measured).
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n + 1 < ?)
       INSERT INTO shifts (id, counter_id, cashier, float_fen, opened_at, business_date)
       SELECT n + 1, '01', 'zhangli', 20000, date(?, '+' || n || ' days') || 'T00:00:00.000Z', date(?, '+' || n || ' days') FROM d`,
    ).run(BENCH_DAYS, BENCH_START, BENCH_START);
    db.prepare(
      `INSERT INTO shift_closings (shift_id, counted_json, counted_fen, expected_fen, difference_fen, note, closed_at)
       SELECT id, '{}', 20000, 20000, 0, '', business_date || 'T10:00:00.000Z' FROM shifts`,
    ).run();
  })();

  const chunk = (from: number, to: number, date: string, shift: string, receipt: string) => {
    // Bills: mostly outpatient, 1 in 7 chronic, 1 in 20 inpatient; 1 in 25 self-pay.
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM n WHERE i < @to)
       INSERT INTO bills (id, person_id, med_type, level, self_pay, operator, created_at)
       SELECT i, 1 + i % 12, CASE WHEN i % 20 = 0 THEN 'inpatient' WHEN i % 7 = 0 THEN 'chronic' ELSE 'outpatient' END,
              'township', i % 25 = 3, 'zhangli', ${date} || 'T02:00:00.000Z' FROM n`,
    ).run({ from, to });
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM n WHERE i < @to)
       INSERT INTO bill_lines (bill_id, line_no, item_code, insurer_code, name, charge_class, price, qty_milli, cap_price,
                               self_pay_ratio_bp, amount, overlimit, fulamt, preself, inscope, batch_id)
       SELECT i, l.ln, it.code, it.insurer_code, it.name, it.charge_class, it.price, q * 1000, NULL, NULL, it.price * q, 0,
              CASE WHEN i % 25 = 3 OR it.charge_class = 'C' THEN it.price * q ELSE 0 END,
              CASE WHEN i % 25 <> 3 AND it.charge_class = 'B' THEN it.price * q / 10 ELSE 0 END,
              CASE WHEN i % 25 = 3 OR it.charge_class = 'C' THEN 0
                   WHEN it.charge_class = 'B' THEN it.price * q - it.price * q / 10 ELSE it.price * q END,
              NULL
         FROM n CROSS JOIN temp.bench_lines l
         JOIN temp.bench_items it ON it.k = (i * 7 + l.ln * 13) % @items
         CROSS JOIN (SELECT 1 AS q UNION ALL SELECT 2 UNION ALL SELECT 3) qs
        WHERE qs.q = 1 + (i + l.ln) % 3`,
    ).run({ from, to, items });
    // Settlements from their lines: 统筹 60% of the in-scope part, 大病 5% for inpatients, 救助 2% for 1 bill
    // in 10, the rest personal; employees (people 5 and 10) pay it from the personal account.
    db.prepare(
      `INSERT INTO settlements (id, kind, bill_id, person_id, reverses_id, client_request_id, request_hash, policy_id, year,
                                counter_id, receipt_no, business_date, settled_at, operator, reason, shift_id,
                                medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt, act_pay_dedc,
                                hifp_pay, hifmi_pay, maf_pay, oth_pay, fund_pay_sumamt, psn_part_amt, acct_pay, psn_cash_pay,
                                funds_json, trace_json)
       SELECT i, 'settle', i, person, NULL, 'bench-' || i, 'bench', @policy, 2026, '01', ${receipt}, day, day || 'T02:00:00.000Z',
              'zhangli', NULL, ${shift}, medfee, fulamt, 0, preself, inscope, 0, hifp, hifmi, maf, 0, hifp + hifmi + maf,
              medfee - hifp - hifmi - maf, CASE WHEN person IN (5, 10) THEN medfee - hifp - hifmi - maf ELSE 0 END,
              CASE WHEN person IN (5, 10) THEN 0 ELSE medfee - hifp - hifmi - maf END, @funds, @trace
         FROM (SELECT l.bill_id AS i, 1 + l.bill_id % 12 AS person,
                      (SELECT substr(b.created_at, 1, 10) FROM bills b WHERE b.id = l.bill_id) AS day,
                      sum(l.amount) AS medfee, sum(l.fulamt) AS fulamt, sum(l.preself) AS preself, sum(l.inscope) AS inscope,
                      sum(l.inscope) * 6 / 10 AS hifp,
                      CASE WHEN l.bill_id % 20 = 0 THEN sum(l.inscope) / 20 ELSE 0 END AS hifmi,
                      CASE WHEN l.bill_id % 10 = 0 THEN sum(l.inscope) / 50 ELSE 0 END AS maf
                 FROM bill_lines l WHERE l.bill_id BETWEEN @from AND @to GROUP BY l.bill_id)`,
    ).run({ from, to, policy, funds: json.funds, trace: json.trace });
    db.prepare(
      `INSERT INTO payments (settlement_id, method, amount)
       SELECT id, CASE id % 5 WHEN 1 THEN 'wechat' WHEN 2 THEN 'alipay' WHEN 3 THEN 'bankcard' ELSE 'cash' END, psn_cash_pay
         FROM settlements WHERE id BETWEEN @from AND @to AND psn_cash_pay > 0
       UNION ALL
       SELECT id, 'account', acct_pay FROM settlements WHERE id BETWEEN @from AND @to AND acct_pay > 0`,
    ).run({ from, to });
    // Every inpatient settlement is a discharge: admitted 1–9 days before.
    db.prepare(
      `INSERT INTO admissions (id, person_id, level, ward, bed, diagnosis, admitted_on, admitted_at, operator, client_request_id)
       SELECT s.id, s.person_id, 'township', '内科', '1', '肺炎', date(s.business_date, '-' || (1 + s.id % 9) || ' days'),
              s.settled_at, 'zhangli', 'bench-admit-' || s.id
         FROM settlements s JOIN bills b ON b.id = s.bill_id
        WHERE s.id BETWEEN @from AND @to AND b.med_type = 'inpatient' AND b.self_pay = 0`,
    ).run({ from, to });
    db.prepare(
      `INSERT INTO discharges (admission_id, settlement_id, discharged_on, operator)
       SELECT id, id, (SELECT business_date FROM settlements WHERE id = a.id), 'zhangli' FROM admissions a WHERE id BETWEEN @from AND @to`,
    ).run({ from, to });
  };

  /** Refunds of 1 in 100 settlements in [from, to] (not discharges), on the same day, numbered after `receiptBase`. */
  const refunds = (from: number, to: number, receiptBase: number) => {
    const columns = `bill_id, person_id, policy_id, year, counter_id, business_date, settled_at, operator, shift_id,
                     funds_json, trace_json`;
    const amounts = ['medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt', 'act_pay_dedc', 'hifp_pay', 'hifmi_pay', 'maf_pay', 'oth_pay', 'fund_pay_sumamt', 'psn_part_amt', 'acct_pay', 'psn_cash_pay'];
    db.prepare(
      `INSERT INTO settlements (kind, reverses_id, client_request_id, request_hash, reason, receipt_no, ${columns}, ${amounts.join(', ')})
       SELECT 'refund', s.id, 'bench-refund-' || s.id, 'bench', '退药', @base + row_number() OVER (ORDER BY s.id), ${columns.replace(/(\w+)/g, 's.$1')},
              ${amounts.map((a) => `-s.${a}`).join(', ')}
         FROM settlements s JOIN bills b ON b.id = s.bill_id
        WHERE s.id BETWEEN @from AND @to AND s.id % 100 = 37 AND b.med_type <> 'inpatient'`,
    ).run({ from, to, base: receiptBase });
    db.prepare(
      `INSERT INTO payments (settlement_id, method, amount)
       SELECT r.id, p.method, -p.amount FROM settlements r JOIN payments p ON p.settlement_id = r.reverses_id
        WHERE r.kind = 'refund' AND r.reverses_id BETWEEN @from AND @to`,
    ).run({ from, to });
  };

  // The year: receipt numbers follow the ids, refunds numbered after the year's settlements.
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    const day = `date('${BENCH_START}', '+' || ((i - 1) * ${BENCH_DAYS} / ${total}) || ' days')`;
    db.transaction(() => chunk(from, to, day, `1 + (i - 1) * ${BENCH_DAYS} / ${total}`, 'i'))();
  }
  const yearRefunds = Math.floor(total / 100) + 1;
  db.transaction(() => refunds(1, total, total))();
  const afterYear = db.prepare("SELECT max(receipt_no) FROM settlements WHERE counter_id = '01'").pluck().get() as number;
  if (afterYear > total + yearRefunds) throw new Error('基准数据的票据号有误');

  // The measured day: one shift, its settlements numbered right after the year's last receipt, then refunds.
  db.transaction(() => {
    const shift = BENCH_DAYS + 1;
    db.prepare(`INSERT INTO shifts (id, counter_id, cashier, float_fen, opened_at, business_date) VALUES (?, '01', 'zhangli', 20000, ?, ?)`).run(
      shift,
      `${DAY}T00:00:00.000Z`,
      DAY,
    );
    const base = db.prepare('SELECT max(id) FROM settlements').pluck().get() as number;
    const from = base + 1;
    const to = base + daySettlements;
    chunk(from, to, `'${DAY}'`, String(shift), `${afterYear - base} + i`);
    refunds(from, to, afterYear + daySettlements);
    // Deposits paid in at the counter during the shift, with their own receipt numbers.
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
       INSERT INTO deposits (admission_id, kind, amount, method, counter_id, receipt_no, shift_id, at, operator)
       SELECT (SELECT max(id) FROM admissions), 'pay', 50000, CASE WHEN i % 2 = 0 THEN 'cash' ELSE 'wechat' END, '01',
              coalesce((SELECT max(receipt_no) FROM deposits WHERE counter_id = '01'), 0) + i, @shift, @at, 'zhangli' FROM n`,
    ).run({ shift, at: new Date(`${DAY}T10:00:00+08:00`).toISOString() });
    const cash = db
      .prepare(
        `SELECT (SELECT coalesce(sum(p.amount), 0) FROM payments p JOIN settlements s ON s.id = p.settlement_id WHERE s.shift_id = @shift AND p.method = 'cash')
              + (SELECT coalesce(sum(amount), 0) FROM deposits WHERE shift_id = @shift AND method = 'cash' AND kind IN ('pay', 'refund'))`,
      )
      .pluck()
      .get({ shift }) as number;
    db.prepare(
      `INSERT INTO shift_closings (shift_id, counted_json, counted_fen, expected_fen, difference_fen, note, closed_at) VALUES (?, '{}', ?, ?, 0, '', ?)`,
    ).run(shift, 20000 + cash, 20000 + cash, `${DAY}T10:00:00.000Z`);
  })();
  db.pragma('foreign_keys = ON');
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`基准数据有 ${broken.length} 处外键不符`);
  db.pragma('synchronous = FULL');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const settlements = process.argv[2] ? Number(process.argv[2]) : undefined;
  const r = await benchReports(settlements ? { settlements } : {});
  console.log(JSON.stringify(r, null, 2));
}
