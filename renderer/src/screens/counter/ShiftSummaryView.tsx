import type { ReactNode } from 'react';
import { PAYMENT_METHOD_NAMES, type PaymentMethod } from '../../../../shared/ledger';
import { fen, type Fen } from '../../../../shared/money';
import { DENOMINATIONS, type ShiftSummary } from '../../../../shared/shift';
import { DataTable, formatDateTime, formatYuan, type Column, FactTable } from '../../kit';

/** 长款 / 短款 / 相符 of a counted drawer. */
export function differenceText(difference: Fen): string {
  if (difference === 0) return '相符';
  return `${difference > 0 ? '长款' : '短款'} ${formatYuan(fen(Math.abs(difference)))} 元`;
}

/** An amount read by its test id. */
const money = (amount: Fen, testId?: string) => <span data-testid={testId}>{formatYuan(amount)}</span>;

const METHODS = Object.keys(PAYMENT_METHOD_NAMES) as PaymentMethod[];

interface MethodRow {
  method: PaymentMethod;
  amount: Fen;
}
const METHOD_COLUMNS: Column<MethodRow>[] = [
  { id: 'method', header: '付款方式', cell: (r) => PAYMENT_METHOD_NAMES[r.method] },
  { id: 'amount', header: '金额（元）', num: true, cell: (r) => money(r.amount, `summary-method-${r.method}`) },
];

/** A line of the cash drawer's account: what it is, and the amount. */
interface CashRow {
  label: string;
  value: ReactNode;
  className?: string;
}
// No header: the caption (现金) says what the two columns are.
const CASH_COLUMNS: Column<CashRow>[] = [
  { id: 'label', header: null, cell: (r) => r.label },
  { id: 'value', header: null, num: true, cell: (r) => r.value },
];

interface CountRow {
  label: string;
  count: number;
  amount: Fen;
}
const COUNT_COLUMNS: Column<CountRow>[] = [
  { id: 'label', header: '面额', cell: (r) => r.label },
  { id: 'count', header: '张数', num: true, cell: (r) => r.count },
  { id: 'amount', header: '金额', num: true, cell: (r) => formatYuan(r.amount) },
];

/** A shift's takings: counts, money by payment method, funds, and the drawer count once it is closed. */
export function ShiftSummaryView({ shift, cashierName, hospitalName }: { shift: ShiftSummary; cashierName: string; hospitalName: string }) {
  const closing = shift.closing;
  const cash: CashRow[] = [
    { label: '备用金', value: money(shift.float) },
    { label: '应有现金（备用金 + 现金净收）', value: money(closing?.expectedCash ?? shift.expectedCash, 'summary-expected') },
    ...(closing
      ? [
          { label: '实点现金', value: money(closing.countedCash, 'summary-counted') },
          {
            label: '差额',
            value: (
              <span data-testid="summary-difference">
                {formatYuan(closing.difference)}（{differenceText(closing.difference)}）
              </span>
            ),
            className: closing.difference === 0 ? '' : 'diff-row',
          },
        ]
      : []),
  ];
  return (
    <div className="shift-summary print-area" data-testid="shift-summary">
      <h3 className="print-title">
        {hospitalName} · {closing ? '交班汇总' : '当前班次（未交班）'}
      </h3>
      <FactTable
        rows={[
          [
            { label: '班次编号', value: shift.id },
            { label: '收费台', value: shift.counterId },
          ],
          [
            { label: '收费员', value: cashierName },
            { label: '营业日期', value: shift.businessDate },
          ],
          [
            { label: '开班时间', value: formatDateTime(shift.openedAt) },
            { label: '交班时间', value: closing ? formatDateTime(closing.closedAt) : '—' },
          ],
          [
            { label: '结算笔数', value: shift.settlements, testId: 'summary-settlements' },
            { label: '退费笔数', value: shift.refunds, testId: 'summary-refunds' },
          ],
        ]}
      />
      <div className="summary-columns">
        <DataTable
          columns={METHOD_COLUMNS}
          rows={METHODS.map((method) => ({ method, amount: shift.byMethod[method] ?? fen(0) }))}
          rowKey={(r) => r.method}
          compact
          caption="按付款方式（已扣除退费）"
          foot={
            <>
              <tr>
                <th>医疗费用合计</th>
                <th className="num">{formatYuan(shift.medfeeTotal)}</th>
              </tr>
              <tr>
                <th>基金支付合计（待与医保对账）</th>
                <th className="num" data-testid="summary-fund-total">
                  {formatYuan(shift.fundTotal)}
                </th>
              </tr>
            </>
          }
        />
        <DataTable
          columns={CASH_COLUMNS}
          rows={cash}
          rowKey={(r) => r.label}
          compact
          caption="现金"
          rowProps={(r) => ({ className: r.className })}
          // The closing's note last, as text (not a figure: left-aligned, wrapping).
          foot={
            closing && (
              <tr>
                <td>说明</td>
                <td data-testid="summary-note">{closing.note || '—'}</td>
              </tr>
            )
          }
        />
        {closing && (
          <DataTable
            columns={COUNT_COLUMNS}
            rows={DENOMINATIONS.map((d) => {
              const count = closing.counted[String(d.fen)] ?? 0;
              return { label: d.label, count, amount: fen(d.fen * count) };
            })}
            rowKey={(r) => r.label}
            compact
            caption="点钞明细"
          />
        )}
      </div>
      {closing && (
        <p className="print-only signatures">
          <span>收费员签字：</span>
          <span>财务签字：</span>
        </p>
      )}
    </div>
  );
}
