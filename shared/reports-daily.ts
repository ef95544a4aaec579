import type { Fen } from './money';
import type { PaymentMethod } from './ledger';

/**
 * 日结单 (the counter's daily settlement sheet, per shift or per business day) and the monthly report: their
 * inputs, their figures as the main process computes them from the ledger (integer fen, ratios as integer
 * parts per ten thousand), and the integer arithmetic both use. Pure TypeScript for both sides.
 */

// ---------------------------------------------------------------------------------------------- inputs
// The schemas that check these live in the contract (shared/api/methods/reports.ts), so that what the
// renderer imports from here carries no zod.

/** `{ shiftId }` for one shift, or `{ date, counterId? }` for a business day (all counters, or one). */
export interface DailySheetQuery {
  shiftId?: number | undefined;
  date?: string | undefined;
  counterId?: string | undefined;
}

/** The same, with the paper the short form is printed on (80 mm: 48 columns; 58 mm: 32). */
export interface DailySheetSlipQuery extends DailySheetQuery {
  paper: 58 | 80;
}

export interface MonthlyReportQuery {
  month: string;
}

/** A PDF as it crosses IPC or HTTP (JSON): base64 of the file's bytes. */
export interface PdfFile {
  fileName: string;
  mimeType: 'application/pdf';
  base64: string;
}

// ------------------------------------------------------------------------------------------- 日结单

export type DailySheetScope = { kind: 'shift'; shiftId: number } | { kind: 'day'; date: string; counterId: string | null };

/** A run of receipt numbers at one counter, first to last inclusive. */
export interface ReceiptRun {
  first: number;
  last: number;
  /** As printed: 01-00000042 (收费票据) or 01-Y0000007 (预交金收据). */
  firstNo: string;
  lastNo: string;
  count: number;
}

export interface ReceiptSeries {
  counterId: string;
  series: 'settlement' | 'deposit';
  /** 收费票据 / 预交金收据 */
  label: string;
  /** Numbers this sheet's rows used. */
  count: number;
  runs: ReceiptRun[];
  /**
   * Numbers no row of the ledger holds, between the counter's previous number and this sheet's last one.
   * Sequences are gap-free by construction, so each one is an error to look into.
   */
  gaps: ReceiptRun[];
  /** Numbers inside this sheet's span used by another shift or day at the same counter (not errors). */
  elsewhere: ReceiptRun[];
}

export type VisitTypeKey = 'outpatient' | 'chronic' | 'inpatient' | 'selfPay';

export interface VisitTypeRow {
  key: VisitTypeKey | 'total';
  /** 普通门诊 / 门诊慢特病 / 住院 (insured bills) and 自费 (any bill settled without insurance). */
  label: string;
  settleCount: number;
  /** Σ medfee_sumamt of the settle rows. */
  settleAmount: Fen;
  refundCount: number;
  /** Σ medfee_sumamt of the refund rows (negative). */
  refundAmount: Fen;
  net: Fen;
}

export type FundLayerKey = 'medfee_sumamt' | 'hifp_pay' | 'hifmi_pay' | 'maf_pay' | 'oth_pay' | 'fund_pay_sumamt' | 'acct_pay' | 'psn_cash_pay';

export const FUND_LAYERS: readonly { key: FundLayerKey; label: string }[] = [
  { key: 'medfee_sumamt', label: '医疗费用总额' },
  { key: 'hifp_pay', label: '统筹基金' },
  { key: 'hifmi_pay', label: '大病保险' },
  { key: 'maf_pay', label: '医疗救助' },
  { key: 'oth_pay', label: '兜底保障' },
  { key: 'fund_pay_sumamt', label: '基金支付合计' },
  { key: 'acct_pay', label: '个人账户' },
  { key: 'psn_cash_pay', label: '个人现金' },
];

/** Σ over settle rows, Σ over refund rows (negative), and their sum. */
export interface AmountRow<K extends string> {
  key: K;
  label: string;
  settled: Fen;
  refunded: Fen;
  net: Fen;
}

export interface DailyRefund {
  settlementId: number;
  receiptNo: string;
  /** The receipt this refund reverses (its own number is new: nothing is voided). */
  reversesReceiptNo: string;
  reversesDate: string;
  typeLabel: string;
  medfee: Fen;
  fund: Fen;
  account: Fen;
  cash: Fen;
  reason: string;
  operator: string;
  settledAt: string;
}

export interface DailyDeposits {
  /** 收取: deposits paid in at the counter, each with its own 预交金收据 number. */
  paid: { count: number; amount: Fen; byMethod: { method: PaymentMethod; label: string; count: number; amount: Fen }[] };
  /** 冲抵: drawn by discharge settlements (negative); no money crosses the counter. */
  offset: { count: number; amount: Fen };
  /** 退还: balances handed back in cash at discharge (negative). */
  returned: { count: number; amount: Fen };
}

export interface DailyCashRow {
  shiftId: number;
  counterId: string;
  cashier: string;
  cashierName: string;
  businessDate: string;
  openedAt: string;
  closedAt: string | null;
  float: Fen;
  /** What the drawer should hold: float + net cash of the whole shift (ShiftService.summary). */
  expected: Fen;
  counted: Fen | null;
  /** counted − expected; negative is 短款. */
  difference: Fen | null;
  note: string;
  /** The shift also took money on another business day (its expected cash covers the whole shift). */
  spansOtherDays: boolean;
}

export interface DailySheet {
  hospital: string;
  title: string;
  scope: DailySheetScope;
  /** Business dates the sheet's rows fall on. */
  businessDates: string[];
  counterIds: string[];
  /** Cashiers of the sheet's shifts: "张丽（zhangli）". */
  cashiers: string[];
  generatedAt: string;
  receipts: ReceiptSeries[];
  byType: VisitTypeRow[];
  fundLayers: AmountRow<FundLayerKey>[];
  /** Settlement payments by method (personal account, cash, cards, deposits drawn). */
  payments: AmountRow<PaymentMethod | 'total'>[];
  refunds: DailyRefund[];
  refundTotals: { count: number; medfee: Fen; fund: Fen; account: Fen; cash: Fen };
  deposits: DailyDeposits;
  /** Cash through the drawer: settlement cash, deposits paid in cash, balances handed back. */
  drawer: { settlementCash: Fen; depositCash: Fen; returnedCash: Fen; net: Fen };
  cash: { shifts: DailyCashRow[]; float: Fen; expected: Fen; counted: Fen | null; difference: Fen | null };
  /** Errors and warnings in Chinese (receipt gaps, open shifts, sums that disagree). Empty when all is well. */
  problems: string[];
  notes: string[];
}

// -------------------------------------------------------------------------------------------- 月报

export type IndicatorKind = 'count' | 'amount' | 'ratio' | 'days';

export interface IndicatorRow {
  key: string;
  label: string;
  kind: IndicatorKind;
  /** count: 人次; amount: fen; ratio: parts per ten thousand; days: hundredths of a day. Null: no base. */
  outpatient: number | null;
  inpatient: number | null;
  total: number | null;
  previousTotal: number | null;
  /**
   * Month over month, in parts per ten thousand: for counts, amounts and days the growth over last month
   * ((this − last) ÷ last); for ratios the difference (percentage points × 100). Null when last month had none.
   */
  change: number | null;
}

export interface MonthlyGroupFigures {
  visits: number;
  medfee: Fen;
  drugAmount: Fen;
  essentialDrugAmount: Fen;
  /** Insured (not self-pay) settlements only: the base of the reimbursement ratios. */
  insuredVisits: number;
  insuredMedfee: Fen;
  fund: Fen;
  hifp: Fen;
  inscope: Fen;
  personal: Fen;
}

export interface MonthFigures {
  month: string;
  from: string;
  to: string;
  /** 门诊 = 普通门诊 + 门诊慢特病. */
  outpatient: MonthlyGroupFigures;
  chronic: MonthlyGroupFigures;
  inpatient: MonthlyGroupFigures;
  total: MonthlyGroupFigures;
  selfPayVisits: number;
  stays: { discharged: number; bedDays: number };
  /** The ledger's net for the month (settlements and refunds by business date): what reconciles with the insurer. */
  funds: { key: FundLayerKey; label: string; amount: Fen }[];
  refunds: { count: number; medfee: Fen };
  topDrugs: {
    rank: number;
    itemCode: string;
    name: string;
    spec: string;
    unit: string;
    essential: boolean;
    qtyMilli: number;
    amount: Fen;
    /** Of the month's drug amount. */
    shareBp: number | null;
  }[];
}

export interface MonthlyReport {
  hospital: string;
  title: string;
  month: string;
  previousMonth: string;
  generatedAt: string;
  current: MonthFigures;
  previous: MonthFigures;
  indicators: IndicatorRow[];
  /** The fund layers this month, last month and the change. */
  funds: { key: FundLayerKey; label: string; amount: Fen; previous: Fen; change: number | null }[];
  definitions: string[];
}

// -------------------------------------------------------------------------- integer arithmetic, display

/** a ÷ b rounded half away from zero, exactly (BigInt inside); b > 0. */
export function divRound(a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b <= 0) throw new RangeError(`divRound(${a}, ${b})`);
  const negative = a < 0;
  const q = (BigInt(negative ? -a : a) * 2n + BigInt(b)) / (BigInt(b) * 2n);
  return Number(negative ? -q : q);
}

/** part ÷ whole in parts per ten thousand, rounded half up; null when whole is 0. */
export function ratioBp(part: number, whole: number): number | null {
  if (whole === 0) return null;
  if (whole < 0) return ratioBp(-part, -whole);
  return divRound(part * 10_000, whole);
}
