import { CHARGE_CLASS_NAMES } from '../../../../shared/domain';
import { LEVEL_NAMES, MED_TYPE_NAMES, PAYMENT_METHOD_NAMES, type PaymentMethod, type SettledBillLine, type SettlementRecord } from '../../../../shared/ledger';
import { fen, type Fen } from '../../../../shared/money';
import { DataTable, formatDateTime, formatQty, formatYuan, type Column, FactTable, type Fact } from '../../kit';
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

/** 类别 on paper: the whole bill 自费, a line not mapped to the insurer's catalogue, or its charge class. */
function coverage(record: SettlementRecord, line: SettledBillLine): string {
  if (record.selfPay) return '自费';
  return line.insurerCode === null ? '自费（未对码）' : CHARGE_CLASS_NAMES[line.class];
}

interface LineRow {
  line: SettledBillLine;
  /** A refund prints its quantities and amounts negative. */
  sign: (amount: number) => number;
  coverage: string;
}

const LINE_COLUMNS: Column<LineRow>[] = [
  { id: 'name', header: '项目', cell: (r) => r.line.name },
  { id: 'spec', header: '规格', cell: (r) => r.line.spec },
  { id: 'batch', header: '批号 / 效期', cell: (r) => <span data-testid="receipt-batch">{batchText(r.line)}</span> },
  { id: 'price', header: '单价', num: true, cell: (r) => formatYuan(r.line.price) },
  {
    id: 'qty',
    header: '数量',
    num: true,
    cell: (r) => (
      <>
        {formatQty(r.sign(r.line.qtyMilli))}
        {r.line.unit}
      </>
    ),
  },
  { id: 'amount', header: '金额', num: true, cell: (r) => formatYuan(fen(r.sign(r.line.amount))) },
  { id: 'coverage', header: '类别', cell: (r) => r.coverage },
];

/** 个人支付: the patient's part, how it was paid (or returned), and the cash handed over with its change. */
function personalFacts(record: SettlementRecord, tender: TenderInfo | null): Fact[] {
  const refund = record.kind === 'refund';
  const paid = refund ? '退回' : '付款';
  return [
    { label: AMOUNT_LABELS.psn_part_amt, value: formatYuan(record.amounts.psn_part_amt), num: true, testId: 'receipt-psn_part_amt' },
    { label: AMOUNT_LABELS.acct_pay, value: formatYuan(record.amounts.acct_pay), num: true, testId: 'receipt-acct_pay' },
    { label: AMOUNT_LABELS.psn_cash_pay, value: formatYuan(record.amounts.psn_cash_pay), num: true, testId: 'receipt-cash', rowClass: 'strong' },
    ...record.payments.map((p) => ({ label: <>{paid}：{PAYMENT_METHOD_NAMES[p.method]}</>, value: formatYuan(p.amount), num: true, testId: `receipt-paid-${p.method}` })),
    ...(record.payments.length === 0 ? [{ label: paid, value: '0.00', num: true }] : []),
    ...(tender
      ? [
          { label: <>实收（{PAYMENT_METHOD_NAMES[tender.method]}）</>, value: formatYuan(tender.tendered), num: true, testId: 'receipt-tendered' },
          { label: '找零', value: formatYuan(tender.change), num: true, testId: 'receipt-change', rowClass: 'strong' },
        ]
      : []),
  ];
}

/** 收据: what the patient takes home; the only part of the screen that prints (F11). */
export function Receipt({ record, hospitalName, operatorName, tender: given, reprint }: ReceiptProps) {
  const refund = record.kind === 'refund';
  const tender: TenderInfo | null = given ?? (record.cashTendered ? { method: 'cash', ...record.cashTendered } : null);
  const sign = (amount: number) => (refund ? -amount : amount);

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
      <DataTable
        columns={LINE_COLUMNS}
        rows={record.lines.map((line) => ({ line, sign, coverage: coverage(record, line) }))}
        rowKey={(_, i) => i}
        compact
        className="receipt-lines"
        rowProps={() => ({ 'data-testid': 'receipt-line' })}
      />
      <div className="receipt-amounts">
        <FactTable
          caption="费用"
          rows={(['medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt'] as const).map((f) => ({
            label: AMOUNT_LABELS[f],
            value: formatYuan(record.amounts[f]),
            num: true,
            testId: f === 'medfee_sumamt' ? 'receipt-medfee' : `receipt-${f}`,
            rowClass: f === 'medfee_sumamt' ? 'strong' : '',
          }))}
        />
        <FactTable
          caption="基金支付"
          rows={(['act_pay_dedc', 'hifp_pay', 'hifmi_pay', 'maf_pay', 'oth_pay', 'fund_pay_sumamt'] as const).map((f) => ({
            label: AMOUNT_LABELS[f],
            value: formatYuan(record.amounts[f]),
            num: true,
            testId: `receipt-${f}`,
            rowClass: f === 'fund_pay_sumamt' ? 'strong' : '',
          }))}
        />
        <FactTable caption="个人支付" rows={personalFacts(record, tender)} />
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
