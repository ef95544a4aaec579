import type { Fen } from './money';
import type { FundPayment, Level, MedType, SettledLine, SettlementAmounts, TraceStep, Ytd } from './settlement';

export type SettlementKind = 'settle' | 'refund';

export const PAYMENT_METHODS = ['cash', 'bankcard', 'wechat', 'alipay'] as const;
/**
 * How the patient's part is paid: 'account' is the employee personal account (paid by the card), 'deposit'
 * the inpatient deposits (预交金) a discharge draws on.
 */
export type PaymentMethod = (typeof PAYMENT_METHODS)[number] | 'account' | 'deposit';
export const PAYMENT_METHOD_NAMES: Record<PaymentMethod, string> = {
  cash: '现金',
  bankcard: '银行卡',
  wechat: '微信',
  alipay: '支付宝',
  account: '个人账户',
  deposit: '预交金',
};

export const MED_TYPE_NAMES: Record<MedType, string> = { outpatient: '普通门诊', chronic: '门诊慢特病', inpatient: '住院' };
export const LEVEL_NAMES: Record<Level, string> = { township: '乡镇卫生院', county: '县级', city: '市级及以上' };

/** A bill line as the counter sends it: the hospital's item code and a quantity. */
export interface BillLineRequest {
  itemCode: string;
  qty: number;
}

export interface BillRequest {
  personId: number;
  visit: { medType: MedType; level: Level };
  lines: BillLineRequest[];
  useAccount: boolean;
  /** 自费: bill without insurance; always so for a person not insured here. */
  selfPay?: boolean | undefined;
}

export interface SettledBillLine extends SettledLine {
  itemCode: string;
  /** The stock batch a drug line was sold from (zero markup: its price is that batch's sale price). */
  batchId: number | null;
  batchNo: string | null;
  expiryDate: string | null;
  unit: string;
  spec: string;
  insurerCode: string | null;
  price: Fen;
  qtyMilli: number;
}

/** 预结算: what settling would give now; nothing is written. */
export interface SettlementPreview {
  policyId: string;
  amounts: SettlementAmounts;
  funds: FundPayment[];
  trace: TraceStep[];
  lines: SettledBillLine[];
  ytdBefore: Ytd;
  ytdAfter: Ytd;
  accountBalance: Fen;
}

export interface SettlementRecord {
  id: number;
  kind: SettlementKind;
  /** Printed on the receipt: counter id and a gap-free sequence number, e.g. 01-00000042. */
  receiptNo: string;
  counterId: string;
  businessDate: string;
  settledAt: string;
  operator: string;
  person: { id: number; name: string; idNumber: string };
  visit: { medType: MedType; level: Level };
  /** Billed without insurance (自费): every line self-paid, nothing uploaded to the insurer. */
  selfPay: boolean;
  policyId: string;
  billId: number;
  /** For a refund: the settlement it reverses. */
  reversesId: number | null;
  /** For a settlement: the refund that reversed it, if any. */
  refundedById: number | null;
  reason: string | null;
  amounts: SettlementAmounts;
  funds: FundPayment[];
  trace: TraceStep[];
  lines: SettledBillLine[];
  payments: { method: PaymentMethod; amount: Fen }[];
  /** 实收 and 找零 of a cash payment, as taken at the counter (null: paid exactly, or not in cash). */
  cashTendered: { tendered: Fen; change: Fen } | null;
  /** True when this answer repeats an earlier call with the same client request id. */
  replayed: boolean;
}

/** This year's usage of a person against each cap of the policy in force, for the cashier's screen. */
export interface YearUsage {
  personId: number;
  year: number;
  policyId: string;
  rows: { label: string; used: Fen; cap: Fen | null; remaining: Fen | null }[];
  ytd: Ytd;
}

const POOL_LABELS: Record<string, string> = {
  inpatient: '住院统筹',
  outpatient: '普通门诊统筹',
  chronic: '门诊慢特病统筹',
  'employee-inpatient': '职工住院统筹',
};

export function poolLabel(pool: string): string {
  return POOL_LABELS[pool] ?? `${pool} 统筹`;
}

export function formatReceiptNo(counterId: string, receiptNo: number): string {
  return `${counterId}-${String(receiptNo).padStart(8, '0')}`;
}
