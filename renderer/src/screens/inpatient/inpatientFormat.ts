import { PAYMENT_METHOD_NAMES, PAYMENT_METHODS } from '../../../../shared/ledger';
import type { SettlementAmounts } from '../../../../shared/settlement/types';

/** The ways money is taken at the counter (deposits and what a discharge still asks for). */
export type CashMethod = (typeof PAYMENT_METHODS)[number];
export const CASH_METHODS: readonly CashMethod[] = PAYMENT_METHODS;

export function methodName(method: string): string {
  return (PAYMENT_METHOD_NAMES as Record<string, string>)[method] ?? method;
}

/** The layers of a discharge settlement, in the order the counter reads them to the patient. */
export const LAYERS: { field: keyof SettlementAmounts; label: string; group: '费用分类' | '基金支付' | '个人支付' }[] = [
  { field: 'medfee_sumamt', label: '费用合计', group: '费用分类' },
  { field: 'fulamt_ownpay_amt', label: '全自费', group: '费用分类' },
  { field: 'overlmt_selfpay', label: '超限价自付', group: '费用分类' },
  { field: 'preselfpay_amt', label: '乙类先行自付', group: '费用分类' },
  { field: 'inscp_scp_amt', label: '政策范围内费用', group: '费用分类' },
  { field: 'act_pay_dedc', label: '起付线', group: '基金支付' },
  { field: 'hifp_pay', label: '基本医保统筹', group: '基金支付' },
  { field: 'hifmi_pay', label: '大病保险', group: '基金支付' },
  { field: 'maf_pay', label: '医疗救助', group: '基金支付' },
  { field: 'oth_pay', label: '兜底保障', group: '基金支付' },
  { field: 'fund_pay_sumamt', label: '基金支付合计', group: '基金支付' },
  { field: 'psn_part_amt', label: '个人负担合计', group: '个人支付' },
  { field: 'acct_pay', label: '个人账户支付', group: '个人支付' },
  { field: 'psn_cash_pay', label: '个人现金支付', group: '个人支付' },
];

/** A request id for one intended admission, deposit, charge or discharge (8–64 letters, digits or hyphens). */
export function newRequestId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // A page served over plain HTTP on a non-loopback address has no randomUUID; getRandomValues is enough.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
