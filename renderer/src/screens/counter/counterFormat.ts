import { INSURED_TYPE_NAMES, type ChronicCertification } from '../../../../shared/domain';
import { LEVEL_NAMES, MED_TYPE_NAMES, poolLabel, type SettledBillLine } from '../../../../shared/ledger';
import { fen, type Fen } from '../../../../shared/money';
import type { InsuredType, Level, MedType, SettlementAmounts, Ytd } from '../../../../shared/settlement/types';
import { issuesByPath } from '../../kit';

/** The 14 layers of a settlement, as the counter names them aloud. */
export const AMOUNT_LABELS: Record<keyof SettlementAmounts, string> = {
  medfee_sumamt: '费用合计',
  fulamt_ownpay_amt: '全自费',
  overlmt_selfpay: '超限价自付',
  preselfpay_amt: '乙类先行自付',
  inscp_scp_amt: '政策范围内',
  act_pay_dedc: '起付线（本次自付）',
  hifp_pay: '基本医保统筹',
  hifmi_pay: '大病保险',
  maf_pay: '医疗救助',
  oth_pay: '兜底保障',
  fund_pay_sumamt: '基金支付合计',
  psn_part_amt: '个人负担',
  acct_pay: '个人账户支付',
  psn_cash_pay: '现金支付',
};

/** The layers in three groups: how the bill divides, what the funds pay, what the patient pays. */
export const AMOUNT_GROUPS: { title: string; fields: (keyof SettlementAmounts)[] }[] = [
  { title: '费用分类', fields: ['medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt'] },
  { title: '基金支付', fields: ['act_pay_dedc', 'hifp_pay', 'hifmi_pay', 'maf_pay', 'oth_pay', 'fund_pay_sumamt'] },
  { title: '个人支付', fields: ['psn_part_amt', 'acct_pay', 'psn_cash_pay'] },
];

/** `resident/outpatient/township` → 城乡居民普通门诊（乡镇卫生院）. */
function ruleName(key: string): string {
  const [insured, med, level] = key.split('/');
  const a = INSURED_TYPE_NAMES[insured as InsuredType] ?? insured ?? '';
  const b = MED_TYPE_NAMES[med as MedType] ?? med ?? '';
  const c = LEVEL_NAMES[level as Level] ?? level ?? '';
  return `${a}${b}（${c}）`;
}

/** Year-to-date accumulators as labelled rows; empty when the person has not settled anything this year. */
export function ytdRows(ytd: Ytd): { label: string; amount: Fen }[] {
  const rows: { label: string; amount: Fen }[] = [];
  // An accumulator the record leaves out is nothing yet.
  const add = (label: string, amount: Fen | undefined) => rows.push({ label, amount: amount ?? fen(0) });
  for (const [key, paid] of Object.entries(ytd.deductiblePaid ?? {})) add(`${ruleName(key)}已付起付线`, paid);
  for (const [pool, p] of Object.entries(ytd.pools ?? {})) {
    add(`${poolLabel(pool)}：累计进入统筹的费用`, p.eligible);
    add(`${poolLabel(pool)}：统筹已支付`, p.paid);
  }
  if (ytd.seriousIllness) {
    add('大病保险：累计纳入费用', ytd.seriousIllness.base);
    add('大病保险：已支付', ytd.seriousIllness.paid);
  }
  if (ytd.assistance) {
    add('医疗救助：已支付', ytd.assistance.paid);
    add('医疗救助：已扣救助起付线', ytd.assistance.deductibleMet);
  }
  return rows;
}

/** Whole years between a birth date and a day, both yyyy-mm-dd. */
export function ageOn(birthDate: string, today: string): number {
  const part = (s: string, from: number, to: number) => Number(s.slice(from, to));
  let age = part(today, 0, 4) - part(birthDate, 0, 4);
  const monthDay = (s: string) => part(s, 5, 7) * 100 + part(s, 8, 10);
  if (monthDay(today) < monthDay(birthDate)) age -= 1;
  return age;
}

/** 430721196208050224 → 430721********0224, as receipts print it. */
export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : id;
}

export function genderName(gender: 'M' | 'F'): string {
  return gender === 'M' ? '男' : '女';
}

/**
 * What the patient field holds: 15 or more digits (the last may be X) is an ID number, checked before asking;
 * anything shorter or with letters is a card number or a name.
 */
export function looksLikeIdNumber(text: string): boolean {
  return /^\d{14,}[\dXx]$/.test(text);
}

/**
 * Which request line each settled line belongs to: a drug line may have been split across batches, and the
 * settled lines keep the request's order, so consecutive lines of one item code belong to one request line.
 */
export function requestIndexes(settled: readonly SettledBillLine[], request: readonly { itemCode: string; qtyMilli: number }[]): number[] {
  const out: number[] = [];
  let index = 0;
  let remaining = request[0]?.qtyMilli ?? 0;
  for (const line of settled) {
    while (index < request.length && (request[index]!.itemCode !== line.itemCode || remaining <= 0)) {
      index += 1;
      remaining = request[index]?.qtyMilli ?? 0;
    }
    out.push(index);
    remaining -= line.qtyMilli;
  }
  return out;
}

/** The bill line a refused call names (`lines[2].qty` → 2), or null. */
export function lineIndexOf(error: unknown): number | null {
  for (const path of Object.keys(issuesByPath(error))) {
    const match = /^lines\[(\d+)\]/.exec(path);
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * The settlement a refused settle names: a CONFLICT with `details.settlementId` means this request id was
 * already used for that settlement. Null for any other failure.
 */
export function settledBefore(error: unknown): number | null {
  const e = error as { code?: string; details?: Record<string, unknown> } | null;
  const id = e?.details?.settlementId;
  return e?.code === 'CONFLICT' && typeof id === 'number' ? id : null;
}

/** A request id for one intended settlement or refund (the API accepts 8–64 letters, digits or hyphens). */
export function newRequestId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Pages served over plain HTTP on a non-loopback address have no randomUUID; getRandomValues is enough.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A chronic-disease filing as the counter shows it: in force on `today`, lapsed, or not yet in force. */
export function certificationState(c: ChronicCertification, today: string): 'valid' | 'lapsed' | 'future' {
  if (c.validTo < today) return 'lapsed';
  return c.validFrom > today ? 'future' : 'valid';
}
