import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYuan } from '../../shared/money';
import { dailySheetInput, dailySheetSlipInput } from '../../shared/api/methods/reports';
import { FUND_LAYERS, type DailySheet } from '../../shared/reports-daily';
import { DailySheetReports } from '../../electron/reports/daily-sheet';
import { receiptSeries } from '../../electron/reports/receipt-series';
import { displayWidth } from '../../electron/devices/printer/text-width';
import { ShiftService } from '../../electron/shifts/shift-service';
import { requireTool } from '../helpers/tools';
import { between, DAY, pdfText, rowCells, seedLedger, type Seeded } from './seed';

const pdftotext = requireTool('pdftotext');

let seeded: Seeded;
let reports: DailySheetReports;
let daySheet: DailySheet;
let dayText: string;

beforeAll(async () => {
  seeded = await seedLedger();
  const { app, clock } = seeded;
  reports = new DailySheetReports(app.db, app.repos, new ShiftService(app.db, app.repos, () => clock.now), () => clock.now);
  daySheet = reports.sheet({ date: DAY });
  if (pdftotext.found) dayText = pdfText(await reports.pdf({ date: DAY }));
}, 60_000);
afterAll(() => seeded.app.dispose());

/** Independent sums straight from the ledger for the business day. */
const sql = {
  one: (text: string, ...params: unknown[]) => seeded.app.db.prepare(text).pluck().get(...params) as number,
  settlements: (column: string, kind: 'settle' | 'refund') =>
    sql.one(`SELECT coalesce(sum(${column}), 0) FROM settlements WHERE business_date = ? AND kind = ?`, DAY, kind),
  count: (kind: string, where: string) =>
    sql.one(`SELECT count(*) FROM settlements s JOIN bills b ON b.id = s.bill_id WHERE s.business_date = ? AND s.kind = ? AND ${where}`, DAY, kind),
  medfee: (kind: string, where: string) =>
    sql.one(
      `SELECT coalesce(sum(s.medfee_sumamt), 0) FROM settlements s JOIN bills b ON b.id = s.bill_id WHERE s.business_date = ? AND s.kind = ? AND ${where}`,
      DAY,
      kind,
    ),
  payments: (method: string, kind: string) =>
    sql.one(
      `SELECT coalesce(sum(p.amount), 0) FROM payments p WHERE p.method = ? AND p.settlement_id IN
         (SELECT id FROM settlements WHERE business_date = ? AND kind = ?)`,
      method,
      DAY,
      kind,
    ),
  // The day's deposits through the day's shifts: a different road to the same rows than the sheet's clock range.
  deposits: (kind: string, method?: string) =>
    sql.one(
      `SELECT coalesce(sum(amount), 0) FROM deposits WHERE kind = ? AND (? IS NULL OR method = ?)
          AND shift_id IN (SELECT id FROM shifts WHERE business_date = ?)`,
      kind,
      method ?? null,
      method ?? null,
      DAY,
    ),
};

const TYPE_WHERE: Record<string, string> = {
  outpatient: "b.self_pay = 0 AND b.med_type = 'outpatient'",
  chronic: "b.self_pay = 0 AND b.med_type = 'chronic'",
  inpatient: "b.self_pay = 0 AND b.med_type = 'inpatient'",
  selfPay: 'b.self_pay = 1',
  total: '1 = 1',
};

describe('日结单 for a business day', () => {
  it('totals every fund layer as the ledger sums it, to the fen, with every layer in use', () => {
    for (const { key } of FUND_LAYERS) {
      const row = daySheet.fundLayers.find((r) => r.key === key)!;
      expect(row.settled, key).toBe(sql.settlements(key, 'settle'));
      expect(row.refunded, key).toBe(sql.settlements(key, 'refund'));
      expect(row.net, key).toBe(sql.one(`SELECT sum(${key}) FROM settlements WHERE business_date = ?`, DAY));
      expect(row.settled, `${key} is exercised`).toBeGreaterThan(0);
    }
    expect(daySheet.fundLayers.find((r) => r.key === 'fund_pay_sumamt')!.net).toBe(
      ['hifp_pay', 'hifmi_pay', 'maf_pay', 'oth_pay'].reduce((s, k) => s + daySheet.fundLayers.find((r) => r.key === k)!.net, 0),
    );
  });

  it('counts settlements and refunds by type, self-pay on its own line', () => {
    for (const row of daySheet.byType) {
      const where = TYPE_WHERE[row.key]!;
      expect(row.settleCount, row.key).toBe(sql.count('settle', where));
      expect(row.refundCount, row.key).toBe(sql.count('refund', where));
      expect(row.settleAmount, row.key).toBe(sql.medfee('settle', where));
      expect(row.refundAmount, row.key).toBe(sql.medfee('refund', where));
      expect(row.net).toBe(row.settleAmount + row.refundAmount);
    }
    const byKey = Object.fromEntries(daySheet.byType.map((r) => [r.key, r]));
    expect(byKey.selfPay!.settleCount).toBe(1);
    expect(byKey.selfPay!.refundCount).toBe(1);
    expect(byKey.chronic!.settleCount).toBe(1);
    expect(byKey.inpatient!.settleCount).toBe(2);
    expect(byKey.total!.refundCount).toBe(4);
  });

  it('totals payments by method, and they add up to the personal part', () => {
    for (const row of daySheet.payments.filter((p) => p.key !== 'total')) {
      expect(row.settled, row.key).toBe(sql.payments(row.key, 'settle'));
      expect(row.refunded, row.key).toBe(sql.payments(row.key, 'refund'));
    }
    const total = daySheet.payments.find((p) => p.key === 'total')!;
    expect(total.net).toBe(sql.one('SELECT sum(psn_part_amt) FROM settlements WHERE business_date = ?', DAY));
    expect(daySheet.payments.find((p) => p.key === 'account')!.net).toBe(daySheet.fundLayers.find((f) => f.key === 'acct_pay')!.net);
  });

  it('lists each refund with the receipt it reverses, including one of last month', () => {
    expect(daySheet.refundTotals).toEqual({
      count: sql.one("SELECT count(*) FROM settlements WHERE business_date = ? AND kind = 'refund'", DAY),
      medfee: sql.settlements('medfee_sumamt', 'refund'),
      fund: sql.settlements('fund_pay_sumamt', 'refund'),
      account: sql.settlements('acct_pay', 'refund'),
      cash: sql.settlements('psn_cash_pay', 'refund'),
    });
    expect(daySheet.refunds.every((r) => r.medfee < 0)).toBe(true);
    const expected = seeded.app.db
      .prepare(
        `SELECT r.counter_id || '-' || printf('%08d', r.receipt_no) AS receiptNo, o.counter_id || '-' || printf('%08d', o.receipt_no) AS reversesReceiptNo,
                o.business_date AS reversesDate
           FROM settlements r JOIN settlements o ON o.id = r.reverses_id WHERE r.business_date = ? ORDER BY r.receipt_no`,
      )
      .all(DAY);
    expect(daySheet.refunds.map((r) => ({ receiptNo: r.receiptNo, reversesReceiptNo: r.reversesReceiptNo, reversesDate: r.reversesDate }))).toEqual(expected);
    expect(daySheet.refunds.some((r) => r.reversesDate === '2026-10-15')).toBe(true);
  });

  it('shows the receipt numbers used as one gap-free run per series, refunds on numbers of their own', () => {
    const [first, last, count] = seeded.app.db
      .prepare("SELECT min(receipt_no), max(receipt_no), count(*) FROM settlements WHERE business_date = ? AND counter_id = '01'")
      .raw()
      .get(DAY) as [number, number, number];
    const settlements = daySheet.receipts.find((r) => r.series === 'settlement')!;
    expect(settlements.runs).toEqual([{ first, last, firstNo: `01-${String(first).padStart(8, '0')}`, lastNo: `01-${String(last).padStart(8, '0')}`, count }]);
    expect(settlements.gaps).toEqual([]);
    const deposits = daySheet.receipts.find((r) => r.series === 'deposit')!;
    expect(deposits.count).toBe(sql.one("SELECT count(*) FROM deposits WHERE receipt_no IS NOT NULL AND shift_id IN (SELECT id FROM shifts WHERE business_date = ?)", DAY));
    expect(deposits.runs[0]!.firstNo).toMatch(/^01-Y\d{7}$/);
    expect(daySheet.problems).toEqual([]);
  });

  it('counts deposits taken and handed back, and the drawer against the shift closings', () => {
    const d = daySheet.deposits;
    expect(d.paid.amount).toBe(sql.deposits('pay'));
    expect(d.offset.amount).toBe(sql.deposits('offset'));
    expect(d.returned.amount).toBe(sql.deposits('refund'));
    expect(d.returned.amount).toBeLessThan(0);
    for (const m of d.paid.byMethod) expect(m.amount, m.method).toBe(sql.deposits('pay', m.method));

    const closings = seeded.app.db
      .prepare('SELECT s.float_fen, c.expected_fen, c.counted_fen, c.difference_fen FROM shifts s JOIN shift_closings c ON c.shift_id = s.id WHERE s.business_date = ?')
      .all(DAY) as { float_fen: number; expected_fen: number; counted_fen: number; difference_fen: number }[];
    expect(daySheet.cash.shifts.map((s) => s.shiftId)).toEqual(seeded.dayShifts);
    expect(daySheet.cash.float).toBe(closings.reduce((s, c) => s + c.float_fen, 0));
    expect(daySheet.cash.expected).toBe(closings.reduce((s, c) => s + c.expected_fen, 0));
    expect(daySheet.cash.counted).toBe(closings.reduce((s, c) => s + c.counted_fen, 0));
    expect(daySheet.cash.difference).toBe(closings.reduce((s, c) => s + c.difference_fen, 0));
    // The drawer moved exactly what the shifts expected beyond their floats.
    expect(daySheet.drawer.net).toBe(daySheet.cash.expected - daySheet.cash.float);
    expect(daySheet.drawer.settlementCash).toBe(sql.payments('cash', 'settle') + sql.payments('cash', 'refund'));
  });

  it('equals the sum of its shifts’ sheets', () => {
    const shifts = seeded.dayShifts.map((shiftId) => reports.sheet({ shiftId }));
    const sum = (pick: (s: DailySheet) => number) => shifts.reduce((t, s) => t + pick(s), 0);
    for (const row of daySheet.fundLayers) expect(sum((s) => s.fundLayers.find((r) => r.key === row.key)!.net), row.key).toBe(row.net);
    for (const row of daySheet.payments) expect(sum((s) => s.payments.find((r) => r.key === row.key)!.net), row.key).toBe(row.net);
    for (const row of daySheet.byType) expect(sum((s) => s.byType.find((r) => r.key === row.key)!.settleCount), row.key).toBe(row.settleCount);
    expect(sum((s) => s.deposits.paid.amount)).toBe(daySheet.deposits.paid.amount);
    expect(sum((s) => s.drawer.net)).toBe(daySheet.drawer.net);
    // Each shift's run of numbers ends where the next one's begins.
    const runs = shifts.map((s) => s.receipts.find((r) => r.series === 'settlement')!.runs);
    expect(runs.every((r) => r.length === 1)).toBe(true);
    expect(runs[1]![0]!.first).toBe(runs[0]![0]!.last + 1);
    expect(shifts.every((s) => s.problems.length === 0)).toBe(true);
  });

  pdftotext.it('prints the headings, every total and the signature lines on the PDF', () => {
    for (const heading of [
      '收费日结单',
      '一、票据号使用情况',
      '二、结算笔数与金额（按类别）',
      '三、按支付来源（基金分层，元）',
      '四、按收款方式（个人支付部分，元）',
      '五、退费明细',
      '六、住院预交金',
      '七、现金核对',
      '作废票据：无',
      '收费员（签字）',
      '复核人（签字）',
    ]) {
      expect(dayText, heading).toContain(heading);
    }
    const funds = between(dayText, '三、按支付来源', '四、按收款方式');
    for (const row of daySheet.fundLayers) {
      expect(rowCells(funds, row.label), row.label).toEqual([row.label, formatYuan(row.settled), formatYuan(row.refunded), formatYuan(row.net)]);
    }
    const types = between(dayText, '二、结算笔数', '三、按支付来源');
    for (const row of daySheet.byType) {
      expect(rowCells(types, row.label), row.label).toEqual([
        row.label,
        String(row.settleCount),
        formatYuan(row.settleAmount),
        String(row.refundCount),
        formatYuan(row.refundAmount),
        formatYuan(row.net),
      ]);
    }
    const methods = between(dayText, '四、按收款方式', '五、退费明细');
    for (const row of daySheet.payments) {
      expect(rowCells(methods, row.label), row.label).toEqual([row.label, formatYuan(row.settled), formatYuan(row.refunded), formatYuan(row.net)]);
    }
    const refunds = between(dayText, '五、退费明细', '六、住院预交金');
    expect(rowCells(refunds, '退费合计')).toEqual(['退费合计', `${daySheet.refundTotals.count}笔`, formatYuan(daySheet.refundTotals.medfee), formatYuan(daySheet.refundTotals.fund), formatYuan(daySheet.refundTotals.cash)]);
    for (const r of daySheet.refunds) expect(refunds).toMatch(new RegExp(`${r.receiptNo}\\s+${r.reversesReceiptNo}`));
    const deposits = between(dayText, '六、住院预交金', '七、现金核对');
    expect(rowCells(deposits, '预交金收取')).toEqual(['预交金收取', String(daySheet.deposits.paid.count), formatYuan(daySheet.deposits.paid.amount)]);
    expect(rowCells(deposits, '出院退还（现金）')).toEqual(['出院退还（现金）', String(daySheet.deposits.returned.count), formatYuan(daySheet.deposits.returned.amount)]);
    const cash = between(dayText, '七、现金核对');
    expect(rowCells(cash, '现金收付合计')).toEqual(['现金收付合计', formatYuan(daySheet.drawer.net)]);
    expect(cash).toContain(formatYuan(daySheet.cash.expected));
    expect(cash).toContain(formatYuan(daySheet.cash.counted!));
    const receipts = between(dayText, '一、票据号使用情况', '二、结算笔数');
    const run = daySheet.receipts[0]!.runs[0]!;
    expect(receipts).toContain(`${run.firstNo} 至 ${run.lastNo}`);
  });
});

describe('日结单 per shift', () => {
  pdftotext.it('names the open shift as a problem and leaves the count blank', async () => {
    const sheet = reports.sheet({ shiftId: seeded.openShift });
    expect(sheet.cash.shifts[0]!.closedAt).toBeNull();
    expect(sheet.cash.counted).toBeNull();
    expect(sheet.problems.some((p) => p.includes('尚未交班'))).toBe(true);
    const text = pdfText(await reports.pdf({ shiftId: seeded.openShift }));
    expect(text).toContain('未交班');
    expect(text).toContain(`收费日结单（班次 ${seeded.openShift}）`);
  });

  it('refuses an unknown shift in Chinese', () => {
    expect(() => reports.sheet({ shiftId: 999 })).toThrow(/没有编号为 999 的班次/);
  });

  it('validates its input: a shift or a date, not both, not neither', () => {
    expect(dailySheetInput.safeParse({ shiftId: 2 }).success).toBe(true);
    expect(dailySheetInput.safeParse({ date: DAY, counterId: '01' }).success).toBe(true);
    expect(dailySheetInput.safeParse({}).success).toBe(false);
    expect(dailySheetInput.safeParse({ shiftId: 2, date: DAY }).success).toBe(false);
    expect(dailySheetInput.safeParse({ shiftId: 2, counterId: '01' }).success).toBe(false);
    expect(dailySheetInput.safeParse({ date: '2026-13-01' }).success).toBe(false);
    expect(dailySheetSlipInput.parse({ date: DAY })).toEqual({ date: DAY, paper: 80 });
    const issues = dailySheetInput.safeParse({}).error!.issues;
    expect(issues[0]!.message).toContain('请指定班次编号或营业日期');
  });
});

describe('receipt gaps', () => {
  pdftotext.it('are shown as errors on the sheet, the PDF and the slip', async () => {
    // A hand-made row that skips a number (as a restored or merged database might): the ledger now has a hole.
    const db = seeded.app.db;
    const last = db.prepare("SELECT * FROM settlements WHERE counter_id = '01' ORDER BY receipt_no DESC LIMIT 1").get() as { id: number; receipt_no: number };
    const { id: _id, ...row } = { ...last, receipt_no: last.receipt_no + 2, client_request_id: 'hand-made-gap-1', business_date: '2026-11-25', shift_id: null };
    const columns = Object.keys(row);
    db.prepare(`INSERT INTO settlements (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
    const sheet = reports.sheet({ date: '2026-11-25' });
    const missing = `01-${String(last.receipt_no + 1).padStart(8, '0')}`;
    expect(sheet.receipts[0]!.gaps).toEqual([{ first: last.receipt_no + 1, last: last.receipt_no + 1, firstNo: missing, lastNo: missing, count: 1 }]);
    expect(sheet.problems.some((p) => p.includes('缺号') && p.includes(missing))).toBe(true);
    const text = pdfText(await reports.pdf({ date: '2026-11-25' }));
    expect(text).toContain('收费票据（缺号）');
    expect(text).toContain(missing);
    expect(reports.slip({ date: '2026-11-25' }).some((l) => l.includes('!缺号'))).toBe(true);
  });

  it('are told apart from numbers another shift used', () => {
    const held = new Set([5, 6, 9]);
    const series = receiptSeries('01', 'settlement', [3, 4, 7, 8, 11], {
      before: () => 1,
      between: (lo, hi) => [...held].filter((n) => n >= lo && n <= hi),
    });
    expect(series.runs.map((r) => [r.first, r.last])).toEqual([
      [3, 4],
      [7, 8],
      [11, 11],
    ]);
    expect(series.gaps.map((r) => [r.first, r.last])).toEqual([
      [2, 2],
      [10, 10],
    ]);
    expect(series.elsewhere.map((r) => [r.first, r.last])).toEqual([
      [5, 6],
      [9, 9],
    ]);
    const deposits = receiptSeries('02', 'deposit', [1, 2], { before: () => null, between: () => [] });
    expect(deposits.runs[0]).toMatchObject({ firstNo: '02-Y0000001', lastNo: '02-Y0000002', count: 2 });
    expect(deposits.gaps).toEqual([]);
  });
});

describe('short form for the receipt printer', () => {
  it('fits 48 columns (80 mm) and 32 (58 mm), with the totals of the sheet', () => {
    for (const [paper, width] of [
      [80, 48],
      [58, 32],
    ] as const) {
      const lines = reports.slip({ date: DAY, paper });
      expect(lines.every((l) => displayWidth(l) <= width), lines.find((l) => displayWidth(l) > width)).toBe(true);
      const text = lines.join('\n');
      expect(text).toContain('收费日结单');
      expect(text).toContain('复核人');
      expect(text).toContain('不作废票据号');
      for (const row of daySheet.fundLayers) expect(text).toMatch(new RegExp(`${row.label}\\s+${formatYuan(row.net).replace('.', '\\.')}`));
      expect(text).toMatch(new RegExp(`应有现金\\s+${formatYuan(daySheet.cash.expected).replace('.', '\\.')}`));
    }
  });
});
