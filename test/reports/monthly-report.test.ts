import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYuan } from '../../shared/money';
import { monthlyReportInput } from '../../shared/api/methods/reports';
import { formatBp } from '../../shared/format';
import type { MonthlyReport } from '../../shared/reports-daily';
import { formatIndicator, formatIndicatorChange } from '../../shared/format';
import { MonthlyReports } from '../../electron/reports/monthly-report';
import { requireTool } from '../helpers/tools';
import { between, MONTH, pdfText, PREVIOUS_MONTH, rowCells, seedLedger, type Seeded } from './seed';

const pdftotext = requireTool('pdftotext');

let seeded: Seeded;
let report: MonthlyReport;
let text: string;

beforeAll(async () => {
  seeded = await seedLedger();
  const reports = new MonthlyReports(seeded.app.db, seeded.app.repos, () => seeded.clock.now);
  report = reports.report(MONTH);
  if (pdftotext.found) text = pdfText(await reports.pdf(MONTH));
}, 60_000);
afterAll(() => seeded.app.dispose());

// ------------------------------------------------------------------ independent figures from the ledger

/** Exact half-up division with BigInt, written out again here so the test does not lean on the code under test. */
const bp = (part: number, whole: number): number | null =>
  whole === 0 ? null : Number((BigInt(part) * 20_000n + BigInt(whole)) / (2n * BigInt(whole)));
const perVisit = (total: number, visits: number): number | null =>
  visits === 0 ? null : Number((BigInt(total) * 2n + BigInt(visits)) / (2n * BigInt(visits)));

const GROUPS = { outpatient: "('outpatient', 'chronic')", inpatient: "('inpatient')", total: "('outpatient', 'chronic', 'inpatient')" } as const;

/** Settlements of the month not reversed: written with a LEFT JOIN where the report uses NOT EXISTS. */
function visitRows(month: string, group: keyof typeof GROUPS, extra = '1 = 1') {
  return `FROM settlements s JOIN bills b ON b.id = s.bill_id LEFT JOIN settlements r ON r.reverses_id = s.id
          WHERE s.kind = 'settle' AND r.id IS NULL AND substr(s.business_date, 1, 7) = '${month}'
            AND b.med_type IN ${GROUPS[group]} AND ${extra}`;
}

/** Their drug lines, joined the other way round: from the lines to the settlements. */
function drugLines(month: string, group: keyof typeof GROUPS, essential = false) {
  return `FROM bill_lines l
          JOIN catalogue_items c ON c.code = l.item_code AND c.kind = 'drug'${essential ? " AND c.essential IN ('national', 'provincial')" : ''}
          JOIN settlements s ON s.bill_id = l.bill_id AND s.kind = 'settle'
          JOIN bills b ON b.id = s.bill_id
          LEFT JOIN settlements r ON r.reverses_id = s.id
         WHERE r.id IS NULL AND substr(s.business_date, 1, 7) = '${month}' AND b.med_type IN ${GROUPS[group]}`;
}

function expected(month: string, group: keyof typeof GROUPS) {
  const db = seeded.app.db;
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  const visits = one(`SELECT count(*) ${visitRows(month, group)}`);
  const medfee = one(`SELECT coalesce(sum(s.medfee_sumamt), 0) ${visitRows(month, group)}`);
  const insured = (column: string) => one(`SELECT coalesce(sum(s.${column}), 0) ${visitRows(month, group, 'b.self_pay = 0')}`);
  const drugs = (essential: boolean) => one(`SELECT coalesce(sum(l.amount), 0) ${drugLines(month, group, essential)}`);
  const drugAmount = drugs(false);
  return {
    visits,
    medfee,
    perVisit: perVisit(medfee, visits),
    drugAmount,
    drugShare: bp(drugAmount, medfee),
    essentialShare: bp(drugs(true), drugAmount),
    reimbursement: bp(insured('fund_pay_sumamt'), insured('medfee_sumamt')),
    policyReimbursement: bp(insured('hifp_pay'), insured('inscp_scp_amt')),
    personalShare: bp(insured('psn_part_amt'), insured('medfee_sumamt')),
  };
}

function averageStay(month: string): number | null {
  const stays = seeded.app.db
    .prepare(
      `SELECT a.admitted_on, x.discharged_on FROM discharges x JOIN admissions a ON a.id = x.admission_id
        WHERE substr(x.discharged_on, 1, 7) = ?`,
    )
    .all(month) as { admitted_on: string; discharged_on: string }[];
  if (stays.length === 0) return null;
  const days = stays.map((s) => Math.max(1, (Date.parse(s.discharged_on) - Date.parse(s.admitted_on)) / 86_400_000));
  return perVisit(days.reduce((a, b) => a + b, 0) * 100, stays.length);
}

const indicator = (key: string) => report.indicators.find((r) => r.key === key)!;

describe('monthly report (月报)', () => {
  it('has visits in both months, refunds excluded', () => {
    expect(report.current.total.visits).toBeGreaterThan(5);
    expect(report.previous.total.visits).toBeGreaterThan(3);
    // October: 7 settlements, one refunded the next day and one refunded in November.
    expect(report.previous.total.visits).toBe(5);
  });

  it('computes every indicator as the ledger gives it, per group and for both months', () => {
    for (const [month, figures] of [
      [MONTH, report.current],
      [PREVIOUS_MONTH, report.previous],
    ] as const) {
      for (const group of ['outpatient', 'inpatient', 'total'] as const) {
        const want = expected(month, group);
        const g = figures[group];
        expect(g.visits, `${month} ${group} visits`).toBe(want.visits);
        expect(g.medfee, `${month} ${group} medfee`).toBe(want.medfee);
        expect(g.drugAmount, `${month} ${group} drugs`).toBe(want.drugAmount);
        if (month !== MONTH) continue;
        for (const key of ['perVisit', 'drugShare', 'essentialShare', 'reimbursement', 'policyReimbursement', 'personalShare'] as const) {
          expect(indicator(key)[group], `${group} ${key}`).toBe(want[key]);
        }
      }
    }
    for (const key of ['perVisit', 'drugShare', 'reimbursement'] as const) {
      expect(indicator(key).previousTotal, `previous ${key}`).toBe(expected(PREVIOUS_MONTH, 'total')[key]);
    }
  });

  it('averages the stays discharged in the month, a same-day stay counting one day', () => {
    expect(indicator('averageStay').total).toBe(averageStay(MONTH));
    expect(indicator('averageStay').previousTotal).toBe(averageStay(PREVIOUS_MONTH));
    expect(indicator('averageStay').total).toBe(100); // the one November discharge came and went on 11-23
    expect(indicator('averageStay').previousTotal).toBe(300); // 10-16 to 10-19
  });

  it('gives month-over-month change: growth for counts and money, percentage points for ratios', () => {
    const visits = indicator('visits');
    expect(visits.change).toBe(bp(visits.total! - visits.previousTotal!, visits.previousTotal!));
    const reimbursement = indicator('reimbursement');
    expect(reimbursement.change).toBe(reimbursement.total! - reimbursement.previousTotal!);
    expect(formatIndicatorChange('ratio', 56)).toBe('+0.56 个百分点');
    expect(formatIndicatorChange('count', -1250)).toBe('-12.50%');
    expect(formatIndicatorChange('amount', null)).toBe('—');
  });

  it('totals the fund layers as the ledger nets them by business date', () => {
    for (const f of report.funds) {
      const sum = (month: string) =>
        seeded.app.db.prepare(`SELECT coalesce(sum(${f.key}), 0) FROM settlements WHERE substr(business_date, 1, 7) = ?`).pluck().get(month) as number;
      expect(f.amount, f.key).toBe(sum(MONTH));
      expect(f.previous, f.key).toBe(sum(PREVIOUS_MONTH));
    }
    expect(report.funds.find((f) => f.key === 'hifmi_pay')!.amount).toBeGreaterThan(0);
  });

  it('ranks the top drugs by amount, the Ext-A name intact', () => {
    const want = seeded.app.db
      .prepare(`SELECT l.item_code AS itemCode, sum(l.amount) AS amount ${drugLines(MONTH, 'total')} GROUP BY l.item_code ORDER BY amount DESC, l.item_code LIMIT 10`)
      .all();
    expect(report.current.topDrugs.map((d) => ({ itemCode: d.itemCode, amount: d.amount }))).toEqual(want);
    expect(report.current.topDrugs.some((d) => d.name === '艾司唑仑片（苯二氮䓬类）')).toBe(true);
  });

  pdftotext.it('prints headings, figures, definitions and the Ext-A drug name on the PDF', () => {
    for (const heading of [report.title, '一、主要指标', '二、基金支付（按层级，元）', '三、药品金额前十名', '次均费用', '药占比', '基本药物使用率（按金额）', '实际报销比', '政策范围内报销比', '个人负担比例', '平均住院日（天）', '注1：人次', '注8：基金支付']) {
      expect(text, heading).toContain(heading);
    }
    expect(text).toContain('艾司唑仑片（苯二氮䓬类）');
    expect(text).not.toContain('字库提示');
    const main = between(text, '一、主要指标', '二、基金支付');
    for (const r of report.indicators.filter((i) => !i.label.startsWith('其中'))) {
      expect(rowCells(main, r.label), r.label).toEqual([
        r.label,
        formatIndicator(r.kind, r.outpatient),
        formatIndicator(r.kind, r.inpatient),
        formatIndicator(r.kind, r.total),
        formatIndicator(r.kind, r.previousTotal),
        formatIndicatorChange(r.kind, r.change),
      ]);
    }
    const funds = between(text, '二、基金支付', '三、药品金额前十名');
    for (const f of report.funds) expect(rowCells(funds, f.label).slice(0, 3), f.label).toEqual([f.label, formatYuan(f.amount), formatYuan(f.previous)]);
    const drugs = between(text, '三、药品金额前十名', '注1');
    for (const d of report.current.topDrugs) {
      expect(drugs).toContain(d.name);
      expect(drugs).toContain(formatYuan(d.amount));
      expect(drugs).toContain(formatBp(d.shareBp));
    }
  });

  it('refuses a month that is not yyyy-mm', () => {
    expect(monthlyReportInput.safeParse({ month: '2026-11' }).success).toBe(true);
    expect(monthlyReportInput.safeParse({ month: '2026-13' }).success).toBe(false);
    expect(monthlyReportInput.safeParse({ month: '2026-1' }).success).toBe(false);
  });
});
