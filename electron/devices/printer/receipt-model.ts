/**
 * A receipt as the printer needs it: plain data, amounts in integer fen, no ledger types. The settlement
 * side fills it; `receipt-layout.ts` turns it into lines for 58 mm or 80 mm paper.
 */
import { type Fen, formatYuan, isFen, subFen, sumFen, ZERO_FEN } from '../../../shared/money';
import { DeviceError } from '../errors';

export interface ReceiptLineItem {
  name: string;
  /** The quantity as the cashier reads it, with its unit: "2盒", "1次", "0.5g". */
  quantity: string;
  /** Line amount in fen. */
  amount: Fen;
}

export interface ReceiptFundAmount {
  /** 基本医保统筹, 大病保险, 医疗救助, 兜底保障 … as the settlement names them. */
  name: string;
  amount: Fen;
}

export interface ReceiptModel {
  /** 门诊收费票据, 住院预交金收据 … */
  title: string;
  hospital: string;
  receiptNo: string;
  patient: {
    name: string;
    /** Printed masked (6 + ******** + 4). */
    idNumber?: string;
    /** 城乡居民医保, 职工医保, 自费 … */
    insurance?: string;
  };
  lines: ReceiptLineItem[];
  /** Σ line amounts. */
  total: Fen;
  /** What the funds paid; total = Σ funds + personal. */
  funds: ReceiptFundAmount[];
  /** 个人支付. */
  personal: Fen;
  /** Part of `personal` paid from the personal account (个人账户), if any. */
  account?: Fen;
  /** Cash handed over (实收) and given back (找零): paid − change = personal − account. */
  paid: Fen;
  change: Fen;
  operator: string;
  /** As printed, e.g. 2026-11-23 10:05. */
  time: string;
  /** Set when this is a reprint: the 重打 mark with how many times it has been reprinted (1, 2, …). */
  reprint?: { count: number };
  /** Optional QR code (e.g. a verification URL) printed under the totals. */
  qr?: string;
  footer?: string[];
}

/** Refuses a receipt that does not add up: a printed receipt must say what the ledger says. */
export function checkReceipt(model: ReceiptModel): void {
  const fail = (message: string) => {
    throw new DeviceError('RECEIPT_INVALID', `票据数据有误，未打印：${message}`, { receiptNo: model.receiptNo });
  };
  const amounts: [string, number][] = [
    ['合计', model.total],
    ['个人支付', model.personal],
    ['实收', model.paid],
    ['找零', model.change],
    ...model.lines.map((l): [string, number] => [`「${l.name}」金额`, l.amount]),
    ...model.funds.map((f): [string, number] => [`${f.name}金额`, f.amount]),
  ];
  if (model.account !== undefined) amounts.push(['个人账户支付', model.account]);
  for (const [what, amount] of amounts) if (!isFen(amount)) fail(`${what}不是整数分（${String(amount)}）`);
  if (!model.receiptNo.trim()) fail('缺少票据号');
  if (model.lines.length === 0) fail('没有收费项目');
  const lineSum = sumFen(model.lines.map((l) => l.amount));
  if (lineSum !== model.total) fail(`各项金额之和 ${formatYuan(lineSum)} 与合计 ${formatYuan(model.total)} 不符`);
  const fundSum = sumFen(model.funds.map((f) => f.amount));
  if (fundSum + model.personal !== model.total) {
    fail(`基金支付 ${formatYuan(fundSum)} 加个人支付 ${formatYuan(model.personal)} 不等于合计 ${formatYuan(model.total)}`);
  }
  const cash = subFen(model.personal, model.account ?? ZERO_FEN);
  if (model.paid - model.change !== cash) {
    fail(`实收 ${formatYuan(model.paid)} 减找零 ${formatYuan(model.change)} 不等于应付现金 ${formatYuan(cash)}`);
  }
  if (model.change < 0) fail('找零不能为负数');
  if (model.reprint && (!Number.isInteger(model.reprint.count) || model.reprint.count < 1)) fail('重打次数应为正整数');
}
