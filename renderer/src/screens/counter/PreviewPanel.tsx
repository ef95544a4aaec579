import { CHARGE_CLASS_NAMES } from '../../../../shared/domain';
import type { SettledBillLine, SettlementPreview } from '../../../../shared/ledger';
import type { Fen } from '../../../../shared/money';
import { DataTable, formatQty, formatYuan, type Column, FactTable, type Fact } from '../../kit';
import { AMOUNT_GROUPS, AMOUNT_LABELS, requestIndexes, ytdRows } from './counterFormat';
import { batchText } from './Receipt';

interface PreviewPanelProps {
  preview: SettlementPreview;
  /** The bill as sent, in order: to number the settled lines by the cashier's lines. */
  request: { itemCode: string; qtyMilli: number }[];
  /** Billed without insurance (自费): chosen for this bill, or the patient is not insured. */
  selfPay: boolean;
}

/** A settled line as the split shows it: numbered by the cashier's line it came from. */
interface SplitRow {
  line: SettledBillLine;
  /** The cashier's line (a drug split across batches shows its number on each batch). */
  index: number;
  selfPay: boolean;
}

const yuan = (amount: Fen) => formatYuan(amount);

const SPLIT_COLUMNS: Column<SplitRow>[] = [
  { id: 'no', header: '行', cell: (r) => r.index + 1 },
  { id: 'name', header: '项目', cell: (r) => r.line.name },
  { id: 'batch', header: '批号 / 效期', cell: (r) => batchText(r.line) },
  {
    id: 'class',
    header: '类别',
    cell: (r) => (r.selfPay || r.line.insurerCode === null ? <span className="tag self-pay">自费</span> : CHARGE_CLASS_NAMES[r.line.class]),
  },
  { id: 'price', header: '单价', num: true, cell: (r) => yuan(r.line.price) },
  {
    id: 'qty',
    header: '数量',
    num: true,
    cell: (r) => (
      <>
        {formatQty(r.line.qtyMilli)}
        {r.line.unit}
      </>
    ),
  },
  { id: 'amount', header: '金额', num: true, cell: (r) => yuan(r.line.amount) },
  { id: 'fulamt', header: '全自费', num: true, cell: (r) => yuan(r.line.fulamt) },
  { id: 'overlimit', header: '超限价', num: true, cell: (r) => yuan(r.line.overlimit) },
  { id: 'preself', header: '先行自付', num: true, cell: (r) => yuan(r.line.preself) },
  { id: 'inscope', header: '政策范围内', num: true, cell: (r) => yuan(r.line.inscope) },
];

type YtdRow = ReturnType<typeof ytdRows>[number];
// No header: each row names its own accumulator.
const YTD_COLUMNS: Column<YtdRow>[] = [
  { id: 'label', header: null, cell: (r) => r.label },
  { id: 'amount', header: null, num: true, cell: (r) => yuan(r.amount) },
];

/** The totals of each group (费用合计, 基金支付合计, 现金支付) stand out. */
const TOTALS = new Set(['psn_cash_pay', 'fund_pay_sumamt', 'medfee_sumamt']);

/** One group of the settlement's layers (费用分类, 基金支付, 个人支付), each layer read by its test id. */
function layerFacts(preview: SettlementPreview, group: (typeof AMOUNT_GROUPS)[number]): Fact[] {
  const facts: Fact[] = group.fields.map((f) => ({
    label: AMOUNT_LABELS[f],
    value: yuan(preview.amounts[f]),
    num: true,
    testId: `amount-${f}`,
    rowClass: TOTALS.has(f) ? 'strong' : '',
  }));
  if (group.title === '个人支付') facts.push({ label: '个人账户余额', value: yuan(preview.accountBalance), num: true, testId: 'account-balance' });
  return facts;
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
          <FactTable key={group.title} className="layer-group" caption={group.title} rows={layerFacts(preview, group)} />
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
      <DataTable
        columns={SPLIT_COLUMNS}
        rows={preview.lines.map((line, i) => ({ line, index: indexes[i] ?? i, selfPay }))}
        rowKey={(_, i) => i}
        compact
        testId="preview-lines"
      />

      <h4>本年度累计（本次结算前）</h4>
      <DataTable
        columns={YTD_COLUMNS}
        rows={ytd}
        rowKey={(r) => r.label}
        compact
        testId="ytd-before"
        foot={
          ytd.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                本年度尚无结算记录（各项累计均为 0）
              </td>
            </tr>
          )
        }
      />
      <p className="muted">结算政策：{preview.policyId}</p>
    </div>
  );
}
