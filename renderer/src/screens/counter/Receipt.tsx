import { formatDateTime } from '../../../../shared/dates';
import { CHARGE_CLASS_NAMES } from '../../../../shared/domain';
import { LEVEL_NAMES, MED_TYPE_NAMES, PAYMENT_METHOD_NAMES, type PaymentMethod, type SettledBillLine, type SettlementRecord } from '../../../../shared/ledger';
import { formatYuan, type Fen } from '../../../../shared/money';
import { formatQty } from '../../../../shared/quantity';
import { AMOUNT_LABELS, maskIdNumber } from './counterFormat';

export interface TenderInfo {
  method: PaymentMethod;
  tendered: Fen;
  change: Fen;
}

interface ReceiptProps {
  record: SettlementRecord;
  hospitalName: string;
  operatorName: (username: string) => string;
  /** As the cashier just took it; a reprint reads the 实收 and 找零 the ledger kept with the settlement. */
  tender?: TenderInfo | null;
  reprint?: boolean;
}

/** 批号 2503A11（效期 2027-03-31） for a drug drawn from a batch; nothing for services. */
export function batchText(line: Pick<SettledBillLine, 'batchId' | 'batchNo' | 'expiryDate'>): string {
  if (line.batchNo) return line.expiryDate ? `${line.batchNo}（效期 ${line.expiryDate}）` : line.batchNo;
  return line.batchId === null ? '' : `批次 #${line.batchId}`;
}

/** 收据: what the patient takes home; the only part of the screen that prints (F11). */
export function Receipt({ record, hospitalName, operatorName, tender: given, reprint }: ReceiptProps) {
  const refund = record.kind === 'refund';
  const tender: TenderInfo | null = given ?? (record.cashTendered ? { method: 'cash', ...record.cashTendered } : null);
  const sign = (amount: Fen) => (refund ? -amount : amount);

  return (
    <article className={`receipt print-area${refund ? ' refund' : ''}`} data-testid="receipt" aria-label="收据">
      <header className="receipt-head">
        <div className="receipt-hospital">{hospitalName}</div>
        <h3>
          {refund ? '门诊退费收据' : `${MED_TYPE_NAMES[record.visit.medType]}收费收据`}
          {record.selfPay && (
            <span className="reprint-mark" data-testid="receipt-self-pay">
              自费
            </span>
          )}
          {reprint && <span className="reprint-mark" data-testid="reprint-mark">重打</span>}
          {record.refundedById !== null && <span className="refunded-mark">已退费</span>}
        </h3>
      </header>
      <dl className="receipt-facts">
        <dt>收据号</dt>
        <dd data-testid="receipt-no">{record.receiptNo}</dd>
        <dt>结算编号</dt>
        <dd data-testid="receipt-id">{record.id}</dd>
        <dt>患者</dt>
        <dd data-testid="receipt-person">
          {record.person.name} <span className="code">{maskIdNumber(record.person.idNumber)}</span>
        </dd>
        <dt>就诊</dt>
        <dd>
          {MED_TYPE_NAMES[record.visit.medType]} · {LEVEL_NAMES[record.visit.level]}
        </dd>
        <dt>结算方式</dt>
        <dd data-testid="receipt-pay-kind">{record.selfPay ? '自费（不使用医保，基金不支付）' : '医保结算'}</dd>
        {refund && (
          <>
            <dt>冲销结算</dt>
            <dd data-testid="receipt-reverses">结算编号 {record.reversesId}</dd>
            <dt>退费原因</dt>
            <dd>{record.reason}</dd>
          </>
        )}
        {record.refundedById !== null && (
          <>
            <dt>退费</dt>
            <dd>已退费（退费结算编号 {record.refundedById}）</dd>
          </>
        )}
      </dl>
      <table className="grid compact receipt-lines">
        <thead>
          <tr>
            <th>项目</th><th>规格</th><th>批号 / 效期</th><th className="num">单价</th><th className="num">数量</th><th className="num">金额</th><th>类别</th>
          </tr>
        </thead>
        <tbody>
          {record.lines.map((line, i) => (
            <tr key={i} data-testid="receipt-line">
              <td>{line.name}</td>
              <td>{line.spec}</td>
              <td data-testid="receipt-batch">{batchText(line)}</td>
              <td className="num">{formatYuan(line.price)}</td>
              <td className="num">
                {formatQty(sign(line.qtyMilli))}
                {line.unit}
              </td>
              <td className="num">{formatYuan(sign(line.amount))}</td>
              <td>{record.selfPay ? '自费' : line.insurerCode === null ? '自费（未对码）' : CHARGE_CLASS_NAMES[line.class]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="receipt-amounts">
        <table>
          <caption>费用</caption>
          <tbody>
            {(['medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt'] as const).map((f) => (
              <tr key={f} className={f === 'medfee_sumamt' ? 'strong' : ''}>
                <th>{AMOUNT_LABELS[f]}</th>
                <td className="num" data-testid={f === 'medfee_sumamt' ? 'receipt-medfee' : `receipt-${f}`}>
                  {formatYuan(record.amounts[f])}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>基金支付</caption>
          <tbody>
            {(['act_pay_dedc', 'hifp_pay', 'hifmi_pay', 'maf_pay', 'oth_pay', 'fund_pay_sumamt'] as const).map((f) => (
              <tr key={f} className={f === 'fund_pay_sumamt' ? 'strong' : ''}>
                <th>{AMOUNT_LABELS[f]}</th>
                <td className="num" data-testid={`receipt-${f}`}>
                  {formatYuan(record.amounts[f])}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>个人支付</caption>
          <tbody>
            <tr>
              <th>{AMOUNT_LABELS.psn_part_amt}</th>
              <td className="num" data-testid="receipt-psn_part_amt">{formatYuan(record.amounts.psn_part_amt)}</td>
            </tr>
            <tr>
              <th>{AMOUNT_LABELS.acct_pay}</th>
              <td className="num" data-testid="receipt-acct_pay">{formatYuan(record.amounts.acct_pay)}</td>
            </tr>
            <tr className="strong">
              <th>{AMOUNT_LABELS.psn_cash_pay}</th>
              <td className="num" data-testid="receipt-cash">{formatYuan(record.amounts.psn_cash_pay)}</td>
            </tr>
            {record.payments.map((p, i) => (
              <tr key={i}>
                <th>{refund ? '退回' : '付款'}：{PAYMENT_METHOD_NAMES[p.method]}</th>
                <td className="num" data-testid={`receipt-paid-${p.method}`}>{formatYuan(p.amount)}</td>
              </tr>
            ))}
            {record.payments.length === 0 && (
              <tr>
                <th>{refund ? '退回' : '付款'}</th>
                <td className="num">0.00</td>
              </tr>
            )}
            {tender && (
              <>
                <tr>
                  <th>实收（{PAYMENT_METHOD_NAMES[tender.method]}）</th>
                  <td className="num" data-testid="receipt-tendered">{formatYuan(tender.tendered)}</td>
                </tr>
                <tr className="strong">
                  <th>找零</th>
                  <td className="num" data-testid="receipt-change">{formatYuan(tender.change)}</td>
                </tr>
              </>
            )}
          </tbody>
        </table>
      </div>
      <footer className="receipt-foot">
        <span>收费员：{operatorName(record.operator)}</span>
        <span data-testid="receipt-time">时间：{formatDateTime(record.settledAt)}</span>
        <span>收费台 {record.counterId} · 营业日 {record.businessDate}</span>
        {record.replayed && <span className="warn" data-testid="receipt-replayed">重复提交：返回原收据，未重复收费</span>}
      </footer>
    </article>
  );
}
