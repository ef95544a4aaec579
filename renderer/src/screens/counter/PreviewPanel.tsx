import { CHARGE_CLASS_NAMES } from '../../../../shared/domain';
import type { SettlementPreview } from '../../../../shared/ledger';
import { formatYuan } from '../../../../shared/money';
import { formatQty } from '../../../../shared/quantity';
import { AMOUNT_GROUPS, AMOUNT_LABELS, requestIndexes, ytdRows } from './counterFormat';
import { batchText } from './Receipt';

interface PreviewPanelProps {
  preview: SettlementPreview;
  /** The bill as sent, in order: to number the settled lines by the cashier's lines. */
  request: { itemCode: string; qtyMilli: number }[];
  /** Billed without insurance (自费): chosen for this bill, or the patient is not insured. */
  selfPay: boolean;
}

/**
 * 预结算: every layer of the one-stop settlement, the per-line split, the year-to-date before this bill,
 * and the numbered Chinese explanation the cashier can read aloud.
 */
export function PreviewPanel({ preview, request, selfPay }: PreviewPanelProps) {
  const a = preview.amounts;
  const indexes = requestIndexes(preview.lines, request);
  const ytd = ytdRows(preview.ytdBefore);
  return (
    <div className="preview" data-testid="preview-panel">
      {selfPay && (
        <p className="warn" data-testid="preview-self-pay">
          <span className="tag self-pay">自费</span> 本次按自费结算：不使用医保，基金支付 {formatYuan(a.fund_pay_sumamt)} 元，费用全部由患者支付。
        </p>
      )}
      <div className="layers" data-testid="preview-layers">
        {AMOUNT_GROUPS.map((group) => (
          <table key={group.title} className="layer-group">
            <caption>{group.title}</caption>
            <tbody>
              {group.fields.map((f) => (
                <tr key={f} className={f === 'psn_cash_pay' || f === 'fund_pay_sumamt' || f === 'medfee_sumamt' ? 'strong' : ''}>
                  <th>{AMOUNT_LABELS[f]}</th>
                  <td className="num" data-testid={`amount-${f}`}>
                    {formatYuan(a[f])}
                  </td>
                </tr>
              ))}
              {group.title === '个人支付' && (
                <tr>
                  <th>个人账户余额</th>
                  <td className="num" data-testid="account-balance">{formatYuan(preview.accountBalance)}</td>
                </tr>
              )}
            </tbody>
          </table>
        ))}
      </div>

      <h4>计算过程（可向患者宣读）</h4>
      <ol className="trace" data-testid="trace">
        {preview.trace.map((step, i) => (
          <li key={i} data-testid="trace-step">
            <strong>{step.title}</strong>：{step.text}。
          </li>
        ))}
      </ol>

      <h4>逐项分解</h4>
      <table className="grid compact" data-testid="preview-lines">
        <thead>
          <tr>
            <th>行</th><th>项目</th><th>批号 / 效期</th><th>类别</th><th className="num">单价</th><th className="num">数量</th><th className="num">金额</th>
            <th className="num">全自费</th><th className="num">超限价</th><th className="num">先行自付</th><th className="num">政策范围内</th>
          </tr>
        </thead>
        <tbody>
          {preview.lines.map((line, i) => {
            const index = indexes[i] ?? i;
            return (
              <tr key={i}>
                <td>{index + 1}</td>
                <td>{line.name}</td>
                <td>{batchText(line)}</td>
                <td>{selfPay || line.insurerCode === null ? <span className="tag self-pay">自费</span> : CHARGE_CLASS_NAMES[line.class]}</td>
                <td className="num">{formatYuan(line.price)}</td>
                <td className="num">
                  {formatQty(line.qtyMilli)}
                  {line.unit}
                </td>
                <td className="num">{formatYuan(line.amount)}</td>
                <td className="num">{formatYuan(line.fulamt)}</td>
                <td className="num">{formatYuan(line.overlimit)}</td>
                <td className="num">{formatYuan(line.preself)}</td>
                <td className="num">{formatYuan(line.inscope)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h4>本年度累计（本次结算前）</h4>
      <table className="grid compact" data-testid="ytd-before">
        <tbody>
          {ytd.length === 0 && (
            <tr>
              <td className="muted">本年度尚无结算记录（各项累计均为 0）</td>
            </tr>
          )}
          {ytd.map((row) => (
            <tr key={row.label}>
              <td>{row.label}</td>
              <td className="num">{formatYuan(row.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">结算政策：{preview.policyId}</p>
    </div>
  );
}
