import { ApiError } from '../../shared/api/errors';
import { formatDateTime } from '../../shared/dates';
import { formatDepositNo } from '../../shared/inpatient';
import { formatReceiptNo, MED_TYPE_NAMES, PAYMENT_METHOD_NAMES, type PaymentMethod } from '../../shared/ledger';
import { formatYuan } from '../../shared/money';
import {
  FUND_LAYERS,
  type AmountRow,
  type DailyCashRow,
  type DailyDeposits,
  type DailyRefund,
  type DailySheet,
  type DailySheetQuery,
  type DailySheetScope,
  type FundLayerKey,
  type PdfFile,
  type ReceiptRun,
  type ReceiptSeries,
  type VisitTypeKey,
  type VisitTypeRow,
} from '../../shared/reports-daily';
import type { Repositories } from '../db/repositories';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import { displayWidth, padStartWidth, twoColumns, wrapWidth } from '../devices/printer/text-width';
import type { ShiftService } from '../shifts/shift-service';
import { facts, heading, notes, section, signatures, table } from './pdf/layout';
import { renderPdf, toPdfFile, type PdfOptions } from './pdf/render';

const TYPE_ROWS: readonly { key: VisitTypeKey; label: string }[] = [
  { key: 'outpatient', label: MED_TYPE_NAMES.outpatient },
  { key: 'chronic', label: MED_TYPE_NAMES.chronic },
  { key: 'inpatient', label: MED_TYPE_NAMES.inpatient },
  { key: 'selfPay', label: '自费' },
];

const METHOD_ORDER: readonly PaymentMethod[] = ['cash', 'bankcard', 'wechat', 'alipay', 'account', 'deposit'];

export const NO_VOID_NOTE =
  '票据号按收费台连续编号，本系统不作废任何票据号：退费另开新票据号，并注明所冲销的原票据号；号段中如有缺号即属异常，须查明原因。';

/** A scope as SQL: the settlements (alias s) and deposits (alias d) the sheet covers. */
interface ScopeSql {
  settlements: string;
  deposits: string;
  shifts: string;
  params: Record<string, string | number>;
}

/**
 * 日结单: per shift or per business day (all counters or one), every figure a sum over the ledger's rows —
 * settlements and refunds, their payments, deposits — with the receipt numbers used and checked for gaps,
 * and the drawer reconciled from the shift closings (ShiftService.summary). Read-only.
 */
export class DailySheetReports {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly shifts: ShiftService,
    private readonly now: () => Date = () => new Date(),
    private readonly pdfOptions: PdfOptions = {},
  ) {}

  sheet(query: DailySheetQuery): DailySheet {
    const scope = toScope(query);
    // One read transaction: every section sees the same ledger, even while the counter keeps settling.
    return this.db.transaction(() => this.build(scope))();
  }

  /** The sheet as an A4 PDF (Buffer). */
  async pdf(query: DailySheetQuery): Promise<Buffer> {
    return renderDailySheetPdf(this.sheet(query), this.pdfOptions);
  }

  /** The PDF as it crosses the API. */
  async pdfFile(query: DailySheetQuery): Promise<PdfFile> {
    const sheet = this.sheet(query);
    return toPdfFile(await renderDailySheetPdf(sheet, this.pdfOptions), dailySheetFileName(sheet));
  }

  /** The short form for the receipt printer: plain lines of at most 48 (80 mm) or 32 (58 mm) columns. */
  slip(query: DailySheetQuery & { paper?: 58 | 80 }): string[] {
    return dailySheetSlip(this.sheet(query), query.paper === 58 ? 32 : 48);
  }

  private build(scope: DailySheetScope): DailySheet {
    const sql = this.scopeSql(scope);
    const { hospitalName } = this.repos.settings.counter();
    const names = this.userNames();

    const byType = this.byType(sql);
    const fundLayers = this.fundLayers(sql);
    const payments = this.payments(sql);
    const refunds = this.refunds(sql);
    const deposits = this.deposits(sql);
    const receipts = [...this.settlementReceipts(sql), ...this.depositReceipts(sql)];
    const cashRows = this.cashRows(sql, scope, names);

    const settlementCash = payments.find((p) => p.key === 'cash')?.net ?? 0;
    const depositCash = deposits.paid.byMethod.find((m) => m.method === 'cash')?.amount ?? 0;
    const drawer = { settlementCash, depositCash, returnedCash: deposits.returned.amount, net: settlementCash + depositCash + deposits.returned.amount };
    const open = cashRows.some((r) => r.counted === null);
    const cash = {
      shifts: cashRows,
      float: cashRows.reduce((s, r) => s + r.float, 0),
      expected: cashRows.reduce((s, r) => s + r.expected, 0),
      counted: open ? null : cashRows.reduce((s, r) => s + (r.counted ?? 0), 0),
      difference: open ? null : cashRows.reduce((s, r) => s + (r.difference ?? 0), 0),
    };

    const problems: string[] = [];
    for (const series of receipts) {
      for (const gap of series.gaps) {
        problems.push(
          `收费台 ${series.counterId} ${series.label}缺号：${gap.firstNo}${gap.count > 1 ? ` 至 ${gap.lastNo}` : ''}（${gap.count} 张），流水中没有这些号码，请查明原因`,
        );
      }
    }
    const paymentTotal = payments.find((p) => p.key === 'total')!.net;
    const personalTotal = (fundLayers.find((f) => f.key === 'acct_pay')?.net ?? 0) + (fundLayers.find((f) => f.key === 'psn_cash_pay')?.net ?? 0);
    if (paymentTotal !== personalTotal) {
      problems.push(`收款方式合计 ${formatYuan(paymentTotal)} 元与个人支付合计 ${formatYuan(personalTotal)} 元不符，请联系信息员核查`);
    }
    for (const row of cashRows) {
      if (row.closedAt === null) problems.push(`班次 ${row.shiftId}（${row.cashierName}）尚未交班，实点现金待交班后填列`);
    }
    if (scope.kind === 'shift') {
      const row = cashRows[0];
      if (row && row.expected - row.float !== drawer.net) {
        problems.push(`本班现金收付 ${formatYuan(drawer.net)} 元与交班应有现金减备用金 ${formatYuan(row.expected - row.float)} 元不符，请联系信息员核查`);
      }
    }

    const noteLines = [
      NO_VOID_NOTE,
      '退费以负数列示，"合计/净额"为收费与退费相加；自费结算（不使用医保）单列在"自费"行，不计入门诊、慢特病、住院各行。各项金额均由结算流水逐笔求和，精确到分。',
      '个人支付 = 个人账户 + 个人现金；个人现金按收款方式分为现金、银行卡、微信、支付宝与预交金冲抵。',
      '预交金冲抵为出院结算从预交金中扣款，不经过钱箱；预交金退还为出院时以现金退还的余额。',
    ];
    if (cashRows.some((r) => r.spansOtherDays)) noteLines.push('标注"跨日"的班次也在其他营业日收费，其应有现金按整个班次计算。');

    const businessDates = this.list(`SELECT DISTINCT s.business_date AS v FROM settlements s WHERE ${sql.settlements} ORDER BY 1`, sql.params);
    const counterIds = [
      ...new Set([...receipts.map((r) => r.counterId), ...cashRows.map((r) => r.counterId), ...(scope.kind === 'day' && scope.counterId ? [scope.counterId] : [])]),
    ].sort();
    return {
      hospital: hospitalName,
      title: scope.kind === 'shift' ? `收费日结单（班次 ${scope.shiftId}）` : '收费日结单',
      scope,
      businessDates: scope.kind === 'day' ? [scope.date] : businessDates.length > 0 ? businessDates : cashRows.map((r) => r.businessDate),
      counterIds,
      cashiers: [...new Set(cashRows.map((r) => `${r.cashierName}（${r.cashier}）`))],
      generatedAt: this.now().toISOString(),
      receipts,
      byType,
      fundLayers,
      payments,
      refunds: refunds.rows,
      refundTotals: refunds.totals,
      deposits,
      drawer,
      cash,
      problems,
      notes: noteLines,
    };
  }

  private scopeSql(scope: DailySheetScope): ScopeSql {
    if (scope.kind === 'shift') {
      this.shifts.summary(scope.shiftId); // NOT_FOUND in Chinese for an unknown shift
      return { settlements: 's.shift_id = @shiftId', deposits: 'd.shift_id = @shiftId', shifts: 'h.id = @shiftId', params: { shiftId: scope.shiftId } };
    }
    // A deposit's day is the local date of its instant, as a settlement's business date is.
    const [y, m, d] = scope.date.split('-').map(Number) as [number, number, number];
    const params: Record<string, string | number> = {
      date: scope.date,
      fromAt: new Date(y, m - 1, d).toISOString(),
      toAt: new Date(y, m - 1, d + 1).toISOString(),
    };
    const counter = scope.counterId === null ? '' : ' AND %.counter_id = @counterId';
    if (scope.counterId !== null) params.counterId = scope.counterId;
    return {
      settlements: `s.business_date = @date${counter.replace('%', 's')}`,
      deposits: `d.at >= @fromAt AND d.at < @toAt${counter.replace('%', 'd')}`,
      // The day's shifts: opened that day, or with money taken that day.
      shifts: `(h.business_date = @date
                OR h.id IN (SELECT s.shift_id FROM settlements s WHERE s.business_date = @date)
                OR h.id IN (SELECT d.shift_id FROM deposits d WHERE d.at >= @fromAt AND d.at < @toAt))${counter.replace('%', 'h')}`,
      params,
    };
  }

  private byType(sql: ScopeSql): VisitTypeRow[] {
    const rows = prepared(
      this.db,
      `SELECT CASE WHEN b.self_pay = 1 THEN 'selfPay' ELSE b.med_type END AS type, s.kind,
              count(*) AS n, coalesce(sum(s.medfee_sumamt), 0) AS medfee
         FROM settlements s JOIN bills b ON b.id = s.bill_id
        WHERE ${sql.settlements}
        GROUP BY 1, 2`,
    ).all(sql.params) as { type: VisitTypeKey; kind: 'settle' | 'refund'; n: number; medfee: number }[];
    const out = TYPE_ROWS.map(({ key, label }) => {
      const settle = rows.find((r) => r.type === key && r.kind === 'settle');
      const refund = rows.find((r) => r.type === key && r.kind === 'refund');
      const row: VisitTypeRow = {
        key,
        label,
        settleCount: settle?.n ?? 0,
        settleAmount: settle?.medfee ?? 0,
        refundCount: refund?.n ?? 0,
        refundAmount: refund?.medfee ?? 0,
        net: 0,
      };
      row.net = row.settleAmount + row.refundAmount;
      return row;
    });
    const total: VisitTypeRow = { key: 'total', label: '合计', settleCount: 0, settleAmount: 0, refundCount: 0, refundAmount: 0, net: 0 };
    for (const row of out) {
      total.settleCount += row.settleCount;
      total.settleAmount += row.settleAmount;
      total.refundCount += row.refundCount;
      total.refundAmount += row.refundAmount;
      total.net += row.net;
    }
    return [...out, total];
  }

  private fundLayers(sql: ScopeSql): AmountRow<FundLayerKey>[] {
    const rows = prepared(
      this.db,
      `SELECT s.kind, ${FUND_LAYERS.map((f) => `coalesce(sum(s.${f.key}), 0) AS ${f.key}`).join(', ')}
         FROM settlements s WHERE ${sql.settlements} GROUP BY s.kind`,
    ).all(sql.params) as ({ kind: 'settle' | 'refund' } & Record<FundLayerKey, number>)[];
    const settle = rows.find((r) => r.kind === 'settle');
    const refund = rows.find((r) => r.kind === 'refund');
    return FUND_LAYERS.map(({ key, label }) => {
      const settled = settle?.[key] ?? 0;
      const refunded = refund?.[key] ?? 0;
      return { key, label, settled, refunded, net: settled + refunded };
    });
  }

  private payments(sql: ScopeSql): AmountRow<PaymentMethod | 'total'>[] {
    const rows = prepared(
      this.db,
      `SELECT s.kind, p.method, coalesce(sum(p.amount), 0) AS amount
         FROM settlements s JOIN payments p ON p.settlement_id = s.id
        WHERE ${sql.settlements}
        GROUP BY 1, 2`,
    ).all(sql.params) as { kind: 'settle' | 'refund'; method: PaymentMethod; amount: number }[];
    const out: AmountRow<PaymentMethod | 'total'>[] = METHOD_ORDER.map((method) => {
      const settled = rows.find((r) => r.method === method && r.kind === 'settle')?.amount ?? 0;
      const refunded = rows.find((r) => r.method === method && r.kind === 'refund')?.amount ?? 0;
      return { key: method, label: method === 'deposit' ? '预交金冲抵' : PAYMENT_METHOD_NAMES[method], settled, refunded, net: settled + refunded };
    });
    const total = { key: 'total' as const, label: '合计', settled: 0, refunded: 0, net: 0 };
    for (const row of out) {
      total.settled += row.settled;
      total.refunded += row.refunded;
      total.net += row.net;
    }
    return [...out, total];
  }

  private refunds(sql: ScopeSql): { rows: DailyRefund[]; totals: DailySheet['refundTotals'] } {
    const raw = prepared(
      this.db,
      `SELECT s.id, s.counter_id, s.receipt_no, s.medfee_sumamt, s.fund_pay_sumamt, s.acct_pay, s.psn_cash_pay, s.reason,
              s.operator, s.settled_at, o.counter_id AS o_counter, o.receipt_no AS o_receipt, o.business_date AS o_date,
              b.med_type, b.self_pay
         FROM settlements s
         JOIN settlements o ON o.id = s.reverses_id
         JOIN bills b ON b.id = s.bill_id
        WHERE ${sql.settlements} AND s.kind = 'refund'
        ORDER BY s.counter_id, s.receipt_no`,
    ).all(sql.params) as {
      id: number;
      counter_id: string;
      receipt_no: number;
      medfee_sumamt: number;
      fund_pay_sumamt: number;
      acct_pay: number;
      psn_cash_pay: number;
      reason: string;
      operator: string;
      settled_at: string;
      o_counter: string;
      o_receipt: number;
      o_date: string;
      med_type: keyof typeof MED_TYPE_NAMES;
      self_pay: number;
    }[];
    const rows = raw.map(
      (r): DailyRefund => ({
        settlementId: r.id,
        receiptNo: formatReceiptNo(r.counter_id, r.receipt_no),
        reversesReceiptNo: formatReceiptNo(r.o_counter, r.o_receipt),
        reversesDate: r.o_date,
        typeLabel: r.self_pay === 1 ? '自费' : MED_TYPE_NAMES[r.med_type],
        medfee: r.medfee_sumamt,
        fund: r.fund_pay_sumamt,
        account: r.acct_pay,
        cash: r.psn_cash_pay,
        reason: r.reason,
        operator: r.operator,
        settledAt: r.settled_at,
      }),
    );
    const totals = prepared(
      this.db,
      `SELECT count(*) AS count, coalesce(sum(s.medfee_sumamt), 0) AS medfee, coalesce(sum(s.fund_pay_sumamt), 0) AS fund,
              coalesce(sum(s.acct_pay), 0) AS account, coalesce(sum(s.psn_cash_pay), 0) AS cash
         FROM settlements s WHERE ${sql.settlements} AND s.kind = 'refund'`,
    ).get(sql.params) as DailySheet['refundTotals'];
    return { rows, totals };
  }

  private deposits(sql: ScopeSql): DailyDeposits {
    const rows = prepared(
      this.db,
      `SELECT d.kind, d.method, count(*) AS n, coalesce(sum(d.amount), 0) AS amount
         FROM deposits d WHERE ${sql.deposits} GROUP BY 1, 2 ORDER BY 1, 2`,
    ).all(sql.params) as { kind: 'pay' | 'offset' | 'refund'; method: PaymentMethod; n: number; amount: number }[];
    const of = (kind: string) => rows.filter((r) => r.kind === kind);
    const sum = (list: typeof rows) => ({ count: list.reduce((s, r) => s + r.n, 0), amount: list.reduce((s, r) => s + r.amount, 0) });
    const paid = of('pay');
    return {
      paid: {
        ...sum(paid),
        byMethod: METHOD_ORDER.flatMap((method) => {
          const row = paid.find((r) => r.method === method);
          return row ? [{ method, label: PAYMENT_METHOD_NAMES[method], count: row.n, amount: row.amount }] : [];
        }),
      },
      offset: sum(of('offset')),
      returned: sum(of('refund')),
    };
  }

  private settlementReceipts(sql: ScopeSql): ReceiptSeries[] {
    const rows = prepared(
      this.db,
      `SELECT s.counter_id AS counter, s.receipt_no AS no FROM settlements s WHERE ${sql.settlements} ORDER BY 1, 2`,
    ).all(sql.params) as { counter: string; no: number }[];
    return groupByCounter(rows).map(([counter, numbers]) =>
      receiptSeries(counter, 'settlement', numbers, {
        before: (first) =>
          prepared(this.db, 'SELECT max(receipt_no) FROM settlements WHERE counter_id = ? AND receipt_no < ?').pluck().get(counter, first) as number | null,
        between: (lo, hi) =>
          prepared(this.db, 'SELECT receipt_no FROM settlements WHERE counter_id = ? AND receipt_no BETWEEN ? AND ? ORDER BY 1')
            .pluck()
            .all(counter, lo, hi) as number[],
      }),
    );
  }

  private depositReceipts(sql: ScopeSql): ReceiptSeries[] {
    const rows = prepared(
      this.db,
      `SELECT d.counter_id AS counter, d.receipt_no AS no FROM deposits d
        WHERE ${sql.deposits} AND d.receipt_no IS NOT NULL ORDER BY 1, 2`,
    ).all(sql.params) as { counter: string; no: number }[];
    return groupByCounter(rows).map(([counter, numbers]) =>
      receiptSeries(counter, 'deposit', numbers, {
        before: (first) =>
          prepared(this.db, 'SELECT max(receipt_no) FROM deposits WHERE counter_id = ? AND receipt_no < ?').pluck().get(counter, first) as number | null,
        between: (lo, hi) =>
          prepared(this.db, 'SELECT receipt_no FROM deposits WHERE counter_id = ? AND receipt_no BETWEEN ? AND ? ORDER BY 1')
            .pluck()
            .all(counter, lo, hi) as number[],
      }),
    );
  }

  private cashRows(sql: ScopeSql, scope: DailySheetScope, names: Map<string, string>): DailyCashRow[] {
    const ids = prepared(this.db, `SELECT h.id FROM shifts h WHERE ${sql.shifts} ORDER BY h.counter_id, h.id`)
      .pluck()
      .all(sql.params) as number[];
    return ids.map((id) => {
      const summary = this.shifts.summary(id);
      const day = scope.kind === 'day' ? scope.date : summary.businessDate;
      const otherDays =
        prepared(this.db, 'SELECT EXISTS (SELECT 1 FROM settlements WHERE shift_id = ? AND business_date <> ?)').pluck().get(id, day) === 1 ||
        (scope.kind === 'day' && summary.businessDate !== scope.date);
      return {
        shiftId: id,
        counterId: summary.counterId,
        cashier: summary.cashier,
        cashierName: names.get(summary.cashier) ?? summary.cashier,
        businessDate: summary.businessDate,
        openedAt: summary.openedAt,
        closedAt: summary.closing?.closedAt ?? null,
        float: summary.float,
        expected: summary.closing?.expectedCash ?? summary.expectedCash,
        counted: summary.closing?.countedCash ?? null,
        difference: summary.closing?.difference ?? null,
        note: summary.closing?.note ?? '',
        spansOtherDays: otherDays,
      };
    });
  }

  private userNames(): Map<string, string> {
    const rows = prepared(this.db, 'SELECT username, name FROM users').all() as { username: string; name: string }[];
    return new Map(rows.map((r) => [r.username, r.name]));
  }

  private list(sqlText: string, params: Record<string, string | number>): string[] {
    return prepared(this.db, sqlText).pluck().all(params) as string[];
  }
}

function toScope(query: DailySheetQuery): DailySheetScope {
  if (query.shiftId !== undefined) return { kind: 'shift', shiftId: query.shiftId };
  if (query.date !== undefined) return { kind: 'day', date: query.date, counterId: query.counterId ?? null };
  throw new ApiError('BAD_INPUT', '请指定班次编号或营业日期', { issues: [{ path: 'shiftId', message: '请指定班次编号或营业日期（二者选一）' }] });
}

function groupByCounter(rows: { counter: string; no: number }[]): [string, number[]][] {
  const groups = new Map<string, number[]>();
  for (const { counter, no } of rows) {
    const list = groups.get(counter);
    if (list) list.push(no);
    else groups.set(counter, [no]);
  }
  return [...groups];
}

/**
 * The numbers a sheet used at one counter as runs, and what lies between: numbers held by other rows of
 * the ledger (another shift) or by none (a gap — an error, since numbers are taken as max + 1). The span
 * checked starts right after the counter's previous number, so a gap just before the sheet shows too.
 */
export function receiptSeries(
  counterId: string,
  series: 'settlement' | 'deposit',
  numbers: readonly number[],
  ledger: { before: (first: number) => number | null; between: (lo: number, hi: number) => number[] },
): ReceiptSeries {
  const format = (n: number) => (series === 'settlement' ? formatReceiptNo(counterId, n) : formatDepositNo(counterId, n));
  const run = (first: number, last: number): ReceiptRun => ({ first, last, firstNo: format(first), lastNo: format(last), count: last - first + 1 });
  const runs: ReceiptRun[] = [];
  for (const n of numbers) {
    const current = runs[runs.length - 1];
    if (current && n === current.last + 1) runs[runs.length - 1] = run(current.first, n);
    else if (!current || n > current.last) runs.push(run(n, n));
  }
  const first = runs[0]?.first ?? 1;
  const previous = first > 1 ? (ledger.before(first) ?? 0) : 0;
  const from = previous + 1;
  const holes: [number, number][] = [];
  if (from < first) holes.push([from, first - 1]);
  for (let i = 1; i < runs.length; i++) holes.push([runs[i - 1]!.last + 1, runs[i]!.first - 1]);

  const gaps: ReceiptRun[] = [];
  const elsewhere: ReceiptRun[] = [];
  for (const [lo, hi] of holes) {
    const held = new Set(ledger.between(lo, hi));
    let start = lo;
    for (let n = lo; n <= hi + 1; n++) {
      const boundary = n > hi || held.has(n) !== held.has(start);
      if (!boundary) continue;
      (held.has(start) ? elsewhere : gaps).push(run(start, n - 1));
      start = n;
    }
  }
  return {
    counterId,
    series,
    label: series === 'settlement' ? '收费票据' : '预交金收据',
    count: numbers.length,
    runs,
    gaps,
    elsewhere,
  };
}

export function dailySheetFileName(sheet: DailySheet): string {
  const what = sheet.scope.kind === 'shift' ? `班次${sheet.scope.shiftId}` : `${sheet.scope.date}${sheet.scope.counterId ? `-收费台${sheet.scope.counterId}` : ''}`;
  return `日结单-${what}.pdf`;
}


// ------------------------------------------------------------------------------------------------ PDF

const yuan = (fen: number) => formatYuan(fen);

function scopeLine(sheet: DailySheet): string {
  const parts = [`营业日期 ${sheet.businessDates.join('、') || '—'}`];
  parts.push(`收费台 ${sheet.counterIds.join('、') || (sheet.scope.kind === 'day' && sheet.scope.counterId ? sheet.scope.counterId : '全部')}`);
  if (sheet.scope.kind === 'shift') parts.push(`班次 ${sheet.scope.shiftId}`);
  parts.push(`制表 ${formatDateTime(sheet.generatedAt)}`);
  return parts.join('　');
}

/** 收费 / 退费 / 合计 per row: the shape of the fund-layer and payment-method tables. */
function settledRefundedNet(
  what: string,
  rows: readonly { label: string; settled: number; refunded: number; net: number }[],
  options: { totalRows?: number } = {},
) {
  return table(
    [
      { header: what, width: '*' },
      { header: '收费', width: 90, align: 'right' },
      { header: '退费', width: 90, align: 'right' },
      { header: '合计', width: 90, align: 'right' },
    ],
    rows.map((r) => [r.label, yuan(r.settled), yuan(r.refunded), yuan(r.net)]),
    options,
  );
}

export async function renderDailySheetPdf(sheet: DailySheet, options: PdfOptions = {}): Promise<Buffer> {
  const content = [
    ...heading(sheet.hospital, sheet.title, scopeLine(sheet)),
    facts([
      ['收费员', sheet.cashiers.join('、') || '—'],
      ['统计范围', sheet.scope.kind === 'shift' ? `班次 ${sheet.scope.shiftId} 的全部收费、退费与预交金` : `${sheet.scope.date} 当日${sheet.scope.counterId ? `收费台 ${sheet.scope.counterId} ` : '全部收费台'}的收费、退费与预交金`],
    ]),
  ];
  if (sheet.problems.length > 0) {
    content.push(section('异常提示'));
    content.push({ ul: sheet.problems.map((p) => ({ text: p, style: 'error' })) });
  }

  content.push(section('一、票据号使用情况'));
  const receiptRows: string[][] = [];
  const errorRows = new Set<number>();
  for (const series of sheet.receipts) {
    const ranges = series.runs.map((r) => (r.count > 1 ? `${r.firstNo} 至 ${r.lastNo}` : r.firstNo)).join('；');
    receiptRows.push([series.counterId, series.label, ranges, String(series.count), '—']);
    for (const gap of series.gaps) {
      errorRows.add(receiptRows.length);
      receiptRows.push([series.counterId, `${series.label}（缺号）`, gap.count > 1 ? `${gap.firstNo} 至 ${gap.lastNo}` : gap.firstNo, String(gap.count), '缺号，须查明']);
    }
    for (const other of series.elsewhere) {
      receiptRows.push([series.counterId, `${series.label}（他班使用）`, other.count > 1 ? `${other.firstNo} 至 ${other.lastNo}` : other.firstNo, String(other.count), '其他班次/日期']);
    }
  }
  if (receiptRows.length === 0) receiptRows.push(['—', '—', '本范围内未使用票据号', '0', '—']);
  content.push(
    table(
      [
        { header: '收费台', width: 40 },
        { header: '票据类别', width: 90 },
        { header: '起止号码', width: '*' },
        { header: '张数', width: 40, align: 'right' },
        { header: '说明', width: 80 },
      ],
      receiptRows,
      { errorRows },
    ),
  );
  content.push({ text: `作废票据：无。${NO_VOID_NOTE}`, style: 'note', margin: [0, 3, 0, 0] });

  content.push(section('二、结算笔数与金额（按类别）'));
  content.push(
    table(
      [
        { header: '类别', width: '*' },
        { header: '结算笔数', width: 55, align: 'right' },
        { header: '结算金额', width: 80, align: 'right' },
        { header: '退费笔数', width: 55, align: 'right' },
        { header: '退费金额', width: 80, align: 'right' },
        { header: '净额', width: 80, align: 'right' },
      ],
      sheet.byType.map((r) => [r.label, String(r.settleCount), yuan(r.settleAmount), String(r.refundCount), yuan(r.refundAmount), yuan(r.net)]),
      { totalRows: 1 },
    ),
  );

  content.push(section('三、按支付来源（基金分层，元）'));
  content.push(settledRefundedNet('支付来源', sheet.fundLayers));

  content.push(section('四、按收款方式（个人支付部分，元）'));
  content.push(settledRefundedNet('收款方式', sheet.payments, { totalRows: 1 }));

  content.push(section(`五、退费明细（${sheet.refundTotals.count} 笔，金额为负）`));
  content.push(
    table(
      [
        { header: '退费票据号', width: 60 },
        { header: '冲销原票据号', width: 60 },
        { header: '原结算日', width: 50 },
        { header: '类别', width: 44 },
        { header: '医疗费用', width: 50, align: 'right' },
        { header: '基金', width: 46, align: 'right' },
        { header: '个人现金', width: 46, align: 'right' },
        { header: '原因', width: '*' },
      ],
      [
        ...sheet.refunds.map((r) => [r.receiptNo, r.reversesReceiptNo, r.reversesDate, r.typeLabel, yuan(r.medfee), yuan(r.fund), yuan(r.cash), `${r.reason}（${r.operator}）`]),
        ['退费合计', `${sheet.refundTotals.count} 笔`, '', '', yuan(sheet.refundTotals.medfee), yuan(sheet.refundTotals.fund), yuan(sheet.refundTotals.cash), ''],
      ],
      { totalRows: 1 },
    ),
  );

  content.push(section('六、住院预交金'));
  const d = sheet.deposits;
  content.push(
    table(
      [
        { header: '项目', width: '*' },
        { header: '笔数', width: 55, align: 'right' },
        { header: '金额', width: 90, align: 'right' },
      ],
      [
        ['预交金收取', String(d.paid.count), yuan(d.paid.amount)],
        ...d.paid.byMethod.map((m) => [`\u3000其中${m.label}`, String(m.count), yuan(m.amount)]),
        ['出院冲抵（不经钱箱）', String(d.offset.count), yuan(d.offset.amount)],
        ['出院退还（现金）', String(d.returned.count), yuan(d.returned.amount)],
      ],
    ),
  );

  content.push(section('七、现金核对'));
  content.push(
    table(
      [
        { header: '项目', width: '*' },
        { header: '金额', width: 90, align: 'right' },
      ],
      [
        ['结算现金收付（净额）', yuan(sheet.drawer.settlementCash)],
        ['预交金现金收取', yuan(sheet.drawer.depositCash)],
        ['预交金现金退还', yuan(sheet.drawer.returnedCash)],
        ['现金收付合计', yuan(sheet.drawer.net)],
      ],
      { totalRows: 1 },
    ),
  );
  content.push({ text: '', margin: [0, 4, 0, 0] });
  content.push(
    table(
      [
        { header: '班次/收费台', width: 50 },
        { header: '收费员', width: 60 },
        { header: '交班时间', width: 68 },
        { header: '备用金', width: 50, align: 'right' },
        { header: '应有现金', width: 56, align: 'right' },
        { header: '实点现金', width: 56, align: 'right' },
        { header: '差额', width: 46, align: 'right' },
        { header: '说明', width: '*' },
      ],
      [
        ...sheet.cash.shifts.map((r) => [
          `${r.shiftId} / ${r.counterId}${r.spansOtherDays ? ' 跨日' : ''}`,
          r.cashierName,
          r.closedAt ? formatDateTime(r.closedAt) : '未交班',
          yuan(r.float),
          yuan(r.expected),
          r.counted === null ? '—' : yuan(r.counted),
          r.difference === null ? '—' : yuan(r.difference),
          r.difference === null ? '' : r.difference === 0 ? '相符' : `${r.difference > 0 ? '长款' : '短款'}${r.note ? `：${r.note}` : ''}`,
        ]),
        [
          '合计',
          '',
          '',
          yuan(sheet.cash.float),
          yuan(sheet.cash.expected),
          sheet.cash.counted === null ? '—' : yuan(sheet.cash.counted),
          sheet.cash.difference === null ? '—' : yuan(sheet.cash.difference),
          '',
        ],
      ],
      { totalRows: 1 },
    ),
  );

  content.push(notes(sheet.notes.map((n, i) => `注${i + 1}：${n}`)));
  content.push(signatures(['收费员', '复核人']));
  content.push({ text: '日期：____年____月____日', alignment: 'right', margin: [0, 12, 0, 0] });

  return renderPdf({ title: sheet.title, author: sheet.hospital, content }, options);
}

// ------------------------------------------------------------------------------------ receipt printer

/**
 * The short form for the receipt printer: plain text lines no wider than `width` display columns (CJK two),
 * the same figures as the PDF, fewer words.
 */
export function dailySheetSlip(sheet: DailySheet, width = 48): string[] {
  const out: string[] = [];
  const center = (text: string) => {
    for (const piece of wrapWidth(text, width)) out.push(padStartWidth(piece, Math.floor((width + displayWidth(piece)) / 2)).trimEnd());
  };
  const line = (text: string) => out.push(...wrapWidth(text, width));
  const pair = (label: string, value: string) => {
    const both = twoColumns(label, value, width);
    if (both) out.push(both);
    else {
      line(label);
      out.push(padStartWidth(value, width));
    }
  };
  const rule = () => out.push('-'.repeat(width));

  center(sheet.hospital);
  center(sheet.title);
  rule();
  line(`营业日期：${sheet.businessDates.join('、') || '—'}`);
  line(`收费台：${sheet.counterIds.join('、') || '—'}`);
  if (sheet.cashiers.length > 0) line(`收费员：${sheet.cashiers.join('、')}`);
  line(`制表：${formatDateTime(sheet.generatedAt)}`);
  rule();
  line('票据号：');
  for (const s of sheet.receipts) {
    for (const r of s.runs) line(` ${s.label} ${r.count > 1 ? `${r.firstNo}至${r.lastNo}` : r.firstNo} 共${r.count}张`);
    for (const g of s.gaps) line(` !缺号 ${g.count > 1 ? `${g.firstNo}至${g.lastNo}` : g.firstNo} 共${g.count}张`);
  }
  if (sheet.receipts.length === 0) line(' 未使用票据号');
  line(' 不作废票据号，退费另开新号');
  rule();
  for (const r of sheet.byType) pair(`${r.label} ${r.settleCount}笔 退${r.refundCount}笔`, yuan(r.net));
  rule();
  for (const f of sheet.fundLayers) pair(f.label, yuan(f.net));
  rule();
  for (const p of sheet.payments) if (p.key === 'total' || p.settled !== 0 || p.refunded !== 0) pair(p.label, yuan(p.net));
  rule();
  pair(`退费 ${sheet.refundTotals.count}笔`, yuan(sheet.refundTotals.medfee));
  for (const r of sheet.refunds) pair(` ${r.receiptNo}冲${r.reversesReceiptNo.slice(-8)}`, yuan(r.medfee));
  pair(`预交金收取 ${sheet.deposits.paid.count}笔`, yuan(sheet.deposits.paid.amount));
  pair(`预交金退还 ${sheet.deposits.returned.count}笔`, yuan(sheet.deposits.returned.amount));
  rule();
  pair('现金收付合计', yuan(sheet.drawer.net));
  pair('备用金', yuan(sheet.cash.float));
  pair('应有现金', yuan(sheet.cash.expected));
  pair('实点现金', sheet.cash.counted === null ? '未交班' : yuan(sheet.cash.counted));
  pair('差额', sheet.cash.difference === null ? '—' : yuan(sheet.cash.difference));
  for (const p of sheet.problems) line(`!${p}`);
  rule();
  out.push('');
  line('收费员：');
  out.push('');
  line('复核人：');
  return out;
}
