import { ApiError } from '../../shared/api/errors';
import { formatReceiptNo, MED_TYPE_NAMES, PAYMENT_METHOD_NAMES, type PaymentMethod } from '../../shared/ledger';
import { addFen, formatYuan, subFen, sumFen, ZERO_FEN, type Fen } from '../../shared/money';
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
  type ReceiptSeries,
  type VisitTypeKey,
  type VisitTypeRow,
} from '../../shared/reports-daily';
import type { Repositories } from '../db/repositories';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import type { ShiftService } from '../shifts/shift-service';
import { dailySheetFileName, renderDailySheetPdf } from './daily-sheet-pdf';
import { dailySheetSlip } from './daily-sheet-slip';
import { toPdfFile, type PdfOptions } from './pdf/render';
import { groupByCounter, NO_VOID_NOTE, receiptSeries } from './receipt-series';

const TYPE_ROWS: readonly { key: VisitTypeKey; label: string }[] = [
  { key: 'outpatient', label: MED_TYPE_NAMES.outpatient },
  { key: 'chronic', label: MED_TYPE_NAMES.chronic },
  { key: 'inpatient', label: MED_TYPE_NAMES.inpatient },
  { key: 'selfPay', label: '自费' },
];

const METHOD_ORDER: readonly PaymentMethod[] = ['cash', 'bankcard', 'wechat', 'alipay', 'account', 'deposit'];

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
 * and the drawer reconciled from the shift closings (ShiftService.summary). Read-only. The sheet is rendered
 * as a PDF by daily-sheet-pdf.ts and as the receipt printer's short form by daily-sheet-slip.ts; its receipt
 * numbers are checked for gaps by receipt-series.ts.
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

    const settlementCash = payments.find((p) => p.key === 'cash')?.net ?? ZERO_FEN;
    const depositCash = deposits.paid.byMethod.find((m) => m.method === 'cash')?.amount ?? ZERO_FEN;
    const drawer = {
      settlementCash,
      depositCash,
      returnedCash: deposits.returned.amount,
      net: addFen(settlementCash, depositCash, deposits.returned.amount),
    };
    const open = cashRows.some((r) => r.counted === null);
    const cash = {
      shifts: cashRows,
      float: sumFen(cashRows.map((r) => r.float)),
      expected: sumFen(cashRows.map((r) => r.expected)),
      counted: open ? null : sumFen(cashRows.map((r) => r.counted ?? ZERO_FEN)),
      difference: open ? null : sumFen(cashRows.map((r) => r.difference ?? ZERO_FEN)),
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
    const personalTotal = addFen(
      fundLayers.find((f) => f.key === 'acct_pay')?.net ?? ZERO_FEN,
      fundLayers.find((f) => f.key === 'psn_cash_pay')?.net ?? ZERO_FEN,
    );
    if (paymentTotal !== personalTotal) {
      problems.push(`收款方式合计 ${formatYuan(paymentTotal)} 元与个人支付合计 ${formatYuan(personalTotal)} 元不符，请联系信息员核查`);
    }
    for (const row of cashRows) {
      if (row.closedAt === null) problems.push(`班次 ${row.shiftId}（${row.cashierName}）尚未交班，实点现金待交班后填列`);
    }
    if (scope.kind === 'shift') {
      const row = cashRows[0];
      if (row && subFen(row.expected, row.float) !== drawer.net) {
        problems.push(`本班现金收付 ${formatYuan(drawer.net)} 元与交班应有现金减备用金 ${formatYuan(subFen(row.expected, row.float))} 元不符，请联系信息员核查`);
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
    ).all(sql.params) as { type: VisitTypeKey; kind: 'settle' | 'refund'; n: number; medfee: Fen }[];
    const out = TYPE_ROWS.map(({ key, label }): VisitTypeRow => {
      const settle = rows.find((r) => r.type === key && r.kind === 'settle');
      const refund = rows.find((r) => r.type === key && r.kind === 'refund');
      const settleAmount = settle?.medfee ?? ZERO_FEN;
      const refundAmount = refund?.medfee ?? ZERO_FEN;
      return {
        key,
        label,
        settleCount: settle?.n ?? 0,
        settleAmount,
        refundCount: refund?.n ?? 0,
        refundAmount,
        net: addFen(settleAmount, refundAmount),
      };
    });
    const total: VisitTypeRow = {
      key: 'total',
      label: '合计',
      settleCount: out.reduce((n, r) => n + r.settleCount, 0),
      settleAmount: sumFen(out.map((r) => r.settleAmount)),
      refundCount: out.reduce((n, r) => n + r.refundCount, 0),
      refundAmount: sumFen(out.map((r) => r.refundAmount)),
      net: sumFen(out.map((r) => r.net)),
    };
    return [...out, total];
  }

  private fundLayers(sql: ScopeSql): AmountRow<FundLayerKey>[] {
    const rows = prepared(
      this.db,
      `SELECT s.kind, ${FUND_LAYERS.map((f) => `coalesce(sum(s.${f.key}), 0) AS ${f.key}`).join(', ')}
         FROM settlements s WHERE ${sql.settlements} GROUP BY s.kind`,
    ).all(sql.params) as ({ kind: 'settle' | 'refund' } & Record<FundLayerKey, Fen>)[];
    const settle = rows.find((r) => r.kind === 'settle');
    const refund = rows.find((r) => r.kind === 'refund');
    return FUND_LAYERS.map(({ key, label }) => amountRow(key, label, settle?.[key] ?? ZERO_FEN, refund?.[key] ?? ZERO_FEN));
  }

  private payments(sql: ScopeSql): AmountRow<PaymentMethod | 'total'>[] {
    const rows = prepared(
      this.db,
      `SELECT s.kind, p.method, coalesce(sum(p.amount), 0) AS amount
         FROM settlements s JOIN payments p ON p.settlement_id = s.id
        WHERE ${sql.settlements}
        GROUP BY 1, 2`,
    ).all(sql.params) as { kind: 'settle' | 'refund'; method: PaymentMethod; amount: Fen }[];
    const out: AmountRow<PaymentMethod | 'total'>[] = METHOD_ORDER.map((method) => {
      const settled = rows.find((r) => r.method === method && r.kind === 'settle')?.amount ?? ZERO_FEN;
      const refunded = rows.find((r) => r.method === method && r.kind === 'refund')?.amount ?? ZERO_FEN;
      return amountRow(method, method === 'deposit' ? '预交金冲抵' : PAYMENT_METHOD_NAMES[method], settled, refunded);
    });
    const total: AmountRow<'total'> = {
      key: 'total',
      label: '合计',
      settled: sumFen(out.map((r) => r.settled)),
      refunded: sumFen(out.map((r) => r.refunded)),
      net: sumFen(out.map((r) => r.net)),
    };
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
      medfee_sumamt: Fen;
      fund_pay_sumamt: Fen;
      acct_pay: Fen;
      psn_cash_pay: Fen;
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
    ).all(sql.params) as { kind: 'pay' | 'offset' | 'refund'; method: PaymentMethod; n: number; amount: Fen }[];
    const of = (kind: string) => rows.filter((r) => r.kind === kind);
    const sum = (list: typeof rows) => ({ count: list.reduce((s, r) => s + r.n, 0), amount: sumFen(list.map((r) => r.amount)) });
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

/** 收费 / 退费 / 合计 (net = settled + refunded, refunds being negative) for one key. */
function amountRow<K extends string>(key: K, label: string, settled: Fen, refunded: Fen): AmountRow<K> {
  return { key, label, settled, refunded, net: addFen(settled, refunded) };
}

function toScope(query: DailySheetQuery): DailySheetScope {
  if (query.shiftId !== undefined) return { kind: 'shift', shiftId: query.shiftId };
  if (query.date !== undefined) return { kind: 'day', date: query.date, counterId: query.counterId ?? null };
  throw new ApiError('BAD_INPUT', '请指定班次编号或营业日期', { issues: [{ path: 'shiftId', message: '请指定班次编号或营业日期（二者选一）' }] });
}
