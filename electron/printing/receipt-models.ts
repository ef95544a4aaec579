import { formatDateTime } from '../../shared/dates';
import { INSURED_TYPE_NAMES } from '../../shared/domain';
import { formatDepositNo, type DepositReceipt } from '../../shared/inpatient';
import { PAYMENT_METHOD_NAMES, type SettlementRecord } from '../../shared/ledger';
import { formatYuan, negFen, sumFen, ZERO_FEN } from '../../shared/money';
import { formatQty } from '../../shared/quantity';
import type { ShiftSummary } from '../../shared/shift';
import type { ReceiptModel } from '../devices/printer/receipt-model';

/**
 * What each kind of paper says, filled from the ledger in fen. The printer layer checks that it adds up
 * before printing, so a receipt can never disagree with the settlement it records.
 */
export function settlementReceipt(
  record: SettlementRecord,
  context: { hospital: string; insuredType: keyof typeof INSURED_TYPE_NAMES; units: Map<string, string> },
): ReceiptModel {
  const a = record.amounts;
  const refund = record.kind === 'refund';
  return {
    title: refund ? '退费凭证' : record.visit.medType === 'inpatient' ? '住院结算收据' : '门诊收费票据',
    hospital: context.hospital,
    receiptNo: record.receiptNo,
    patient: {
      name: record.person.name,
      idNumber: record.person.idNumber,
      insurance: record.selfPay ? '自费' : INSURED_TYPE_NAMES[context.insuredType],
    },
    lines: record.lines.map((line) => ({
      name: line.name,
      quantity: `${refund ? '-' : ''}${formatQty(line.qtyMilli)}${context.units.get(line.itemCode) ?? ''}`,
      amount: refund ? negFen(line.amount) : line.amount,
    })),
    total: a.medfee_sumamt,
    funds: record.funds.filter((f) => f.fund_payamt !== 0).map((f) => ({ name: f.fund_pay_type_name, amount: f.fund_payamt })),
    personal: a.psn_part_amt,
    ...(a.acct_pay !== 0 ? { account: a.acct_pay } : {}),
    paid: record.cashTendered?.tendered ?? a.psn_cash_pay,
    change: record.cashTendered?.change ?? ZERO_FEN,
    operator: record.operator,
    time: formatDateTime(record.settledAt),
    qr: `SETL:${record.receiptNo}:${record.id}`,
    footer: refund ? [`冲销原结算 ${record.reversesId ?? ''}，原因：${record.reason ?? ''}`] : ['请妥善保管，凭此收据退费'],
  };
}

export function depositReceipt(deposit: DepositReceipt, context: { hospital: string; patient: string; counterId: string }): ReceiptModel {
  return {
    title: '住院预交金收据',
    hospital: context.hospital,
    receiptNo: deposit.receiptNo || formatDepositNo(context.counterId, deposit.id),
    patient: { name: context.patient },
    lines: [{ name: `住院预交金（住院号 ${deposit.admissionId}）`, quantity: '', amount: deposit.amount }],
    total: deposit.amount,
    funds: [],
    personal: deposit.amount,
    paid: deposit.amount,
    change: ZERO_FEN,
    operator: deposit.operator,
    time: formatDateTime(deposit.at),
    footer: [`预交金余额 ${formatYuan(deposit.balanceAfter)} 元`],
  };
}

/** The short form of the shift's summary (交班单) for the receipt printer. */
export function shiftReceipt(shift: ShiftSummary, hospital: string): ReceiptModel {
  const lines = Object.entries(shift.byMethod)
    .filter(([, amount]) => amount !== 0)
    .map(([method, amount]) => ({ name: PAYMENT_METHOD_NAMES[method as keyof typeof PAYMENT_METHOD_NAMES], quantity: '', amount }));
  const total = sumFen(lines.map((l) => l.amount));
  return {
    title: '交班汇总',
    hospital,
    receiptNo: `班次 ${shift.id}`,
    patient: { name: shift.cashier },
    lines: lines.length > 0 ? lines : [{ name: '本班无收款', quantity: '', amount: ZERO_FEN }],
    total,
    funds: [],
    personal: total,
    paid: total,
    change: ZERO_FEN,
    operator: shift.cashier,
    time: formatDateTime(shift.closing?.closedAt ?? shift.openedAt),
    footer: [
      `结算 ${shift.settlements} 笔，退费 ${shift.refunds} 笔`,
      `应有现金 ${formatYuan(shift.expectedCash)} 元`,
      ...(shift.closing ? [`实点现金 ${formatYuan(shift.closing.countedCash)} 元，差额 ${formatYuan(shift.closing.difference)} 元`] : []),
    ],
  };
}
