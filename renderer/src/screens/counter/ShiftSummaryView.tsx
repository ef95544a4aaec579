import { formatDateTime } from '../../../../shared/dates';
import { PAYMENT_METHOD_NAMES, type PaymentMethod } from '../../../../shared/ledger';
import { formatYuan, type Fen } from '../../../../shared/money';
import { DENOMINATIONS, type ShiftSummary } from '../../../../shared/shift';

/** 长款 / 短款 / 相符 of a counted drawer. */
export function differenceText(difference: Fen): string {
  if (difference === 0) return '相符';
  return `${difference > 0 ? '长款' : '短款'} ${formatYuan(Math.abs(difference))} 元`;
}

function Money({ amount, testId }: { amount: Fen; testId?: string }) {
  return (
    <td className="num" data-testid={testId}>
      {formatYuan(amount)}
    </td>
  );
}

/** A shift's takings: counts, money by payment method, funds, and the drawer count once it is closed. */
export function ShiftSummaryView({ shift, cashierName, hospitalName }: { shift: ShiftSummary; cashierName: string; hospitalName: string }) {
  const closing = shift.closing;
  const methods = Object.keys(PAYMENT_METHOD_NAMES) as PaymentMethod[];
  return (
    <div className="shift-summary print-area" data-testid="shift-summary">
      <h3 className="print-title">
        {hospitalName} · {closing ? '交班汇总' : '当前班次（未交班）'}
      </h3>
      <table className="facts">
        <tbody>
          <tr><th>班次编号</th><td>{shift.id}</td><th>收费台</th><td>{shift.counterId}</td></tr>
          <tr><th>收费员</th><td>{cashierName}</td><th>营业日期</th><td>{shift.businessDate}</td></tr>
          <tr><th>开班时间</th><td>{formatDateTime(shift.openedAt)}</td><th>交班时间</th><td>{closing ? formatDateTime(closing.closedAt) : '—'}</td></tr>
          <tr><th>结算笔数</th><td data-testid="summary-settlements">{shift.settlements}</td><th>退费笔数</th><td data-testid="summary-refunds">{shift.refunds}</td></tr>
        </tbody>
      </table>
      <div className="summary-columns">
        <table className="grid compact">
          <caption>按付款方式（已扣除退费）</caption>
          <thead>
            <tr><th>付款方式</th><th className="num">金额（元）</th></tr>
          </thead>
          <tbody>
            {methods.map((m) => (
              <tr key={m}>
                <td>{PAYMENT_METHOD_NAMES[m]}</td>
                <Money amount={shift.byMethod[m] ?? 0} testId={`summary-method-${m}`} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th>医疗费用合计</th><th className="num">{formatYuan(shift.medfeeTotal)}</th></tr>
            <tr><th>基金支付合计（待与医保对账）</th><th className="num" data-testid="summary-fund-total">{formatYuan(shift.fundTotal)}</th></tr>
          </tfoot>
        </table>
        <table className="grid compact">
          <caption>现金</caption>
          <tbody>
            <tr><td>备用金</td><Money amount={shift.float} /></tr>
            <tr><td>应有现金（备用金 + 现金净收）</td><Money amount={closing?.expectedCash ?? shift.expectedCash} testId="summary-expected" /></tr>
            {closing && (
              <>
                <tr><td>实点现金</td><Money amount={closing.countedCash} testId="summary-counted" /></tr>
                <tr className={closing.difference === 0 ? '' : 'diff-row'}>
                  <td>差额</td>
                  <td className="num" data-testid="summary-difference">
                    {formatYuan(closing.difference)}（{differenceText(closing.difference)}）
                  </td>
                </tr>
                <tr><td>说明</td><td data-testid="summary-note">{closing.note || '—'}</td></tr>
              </>
            )}
          </tbody>
        </table>
        {closing && (
          <table className="grid compact">
            <caption>点钞明细</caption>
            <thead>
              <tr><th>面额</th><th className="num">张数</th><th className="num">金额</th></tr>
            </thead>
            <tbody>
              {DENOMINATIONS.map((d) => {
                const count = closing.counted[String(d.fen)] ?? 0;
                return (
                  <tr key={d.fen}>
                    <td>{d.label}</td>
                    <td className="num">{count}</td>
                    <Money amount={d.fen * count} />
                  </tr>
                );
              })}
            </tbody>
          </table>
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
