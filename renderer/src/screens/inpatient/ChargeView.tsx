import { useRef, useState } from 'react';
import { ESSENTIAL_NAMES, ITEM_KIND_NAMES, type CatalogueHit } from '../../../../shared/domain';
import type { Admission, ChargeLine } from '../../../../shared/inpatient';
import { formatYuan } from '../../../../shared/money';
import { qtyToMilli } from '../../../../shared/quantity';
import { lineAmount } from '../../../../shared/settlement/engine';
import { api } from '../../api';
import { issuesByPath, messageOf, qtyText } from '../pharmacy/format';
import type { CounterState } from './ShiftNotice';
import { newRequestId } from './inpatientFormat';
import { SearchPicker } from '../../SearchPicker';

interface Line {
  key: number;
  item: CatalogueHit;
  qty: string;
}

let nextKey = 1;

/** What a line will cost per unit now: a stocked drug sells at its first-expiry batch's price. */
function unitPrice(item: CatalogueHit): number {
  return item.stocked ? (item.stock?.salePrice ?? item.price) : item.price;
}

function noStock(item: CatalogueHit): string | null {
  if (!item.stocked) return null;
  return item.stock && item.stock.availableMilli > 0 ? null : `「${item.name}」没有可用库存（未过期批次），不能记账`;
}

function ItemLine({ item }: { item: CatalogueHit }) {
  return (
    <>
      <span className="code">{item.code}</span> {item.name} <span className="muted">{item.spec}/{item.unit}</span>{' '}
      <span className="muted">· {ITEM_KIND_NAMES[item.kind]}</span> <span className="ip-num">{formatYuan(unitPrice(item))} 元</span>
      {item.stocked && (
        <span className="muted">
          {' '}
          · {ESSENTIAL_NAMES[item.essential]} · 库存 {item.stock ? qtyText(item.stock.availableMilli, item.unit) : '—'}
        </span>
      )}
    </>
  );
}

/**
 * 记账: pick items of any kind (drugs show their stock), a quantity for each, then Enter on the empty picker
 * (or Ctrl+Enter) charges them to the stay today. One request id per submission, reused on a retry of it.
 */
export function ChargeView({ admission, counter, onChanged }: { admission: Admission; counter: CounterState; onChanged: () => void }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [requestId, setRequestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [done, setDone] = useState<ChargeLine[] | null>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const allowed = counter.user?.role === 'cashier' && !admission.discharged;

  const setQty = (index: number, qty: string) => {
    setLines((all) => all.map((line, i) => (i === index ? { ...line, qty } : line)));
    setIssues({});
    setError(null);
  };
  const removeLine = (index: number) => {
    setLines((all) => all.filter((_, i) => i !== index));
    setIssues({});
    pickerRef.current?.focus();
  };

  const submit = async () => {
    if (busy || !allowed) return;
    if (lines.length === 0) {
      setError('至少要有一条费用：在「项目」栏输入编码、名称或拼音首字母');
      pickerRef.current?.focus();
      return;
    }
    const found: Record<string, string> = {};
    lines.forEach((line, i) => {
      if (qtyToMilli(Number(line.qty)) === null) found[`lines[${i}].qty`] = '数量必须大于 0，最多三位小数';
    });
    if (Object.keys(found).length > 0) {
      setError('请更正标红的数量');
      setIssues(found);
      formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const charged = await api['inpatient.charge']({
        admissionId: admission.id,
        lines: lines.map((line) => ({ itemCode: line.item.code, qty: Number(line.qty) })),
        clientRequestId: requestId,
      });
      setDone(charged);
      setLines([]);
      setIssues({});
      setRequestId(newRequestId());
      onChanged();
      pickerRef.current?.focus();
    } catch (e) {
      // The same request id stays until the charge goes through: a retry cannot charge twice.
      setError(messageOf(e));
      const byPath = issuesByPath(e);
      setIssues(byPath);
      const first = Object.keys(byPath).find((p) => /^lines\[\d+\]/.test(p));
      const index = first ? Number(/^lines\[(\d+)\]/.exec(first)?.[1]) : -1;
      const input = index >= 0 ? formRef.current?.querySelector<HTMLInputElement>(`[data-line="${index}"]`) : null;
      if (input) input.focus();
      else pickerRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const lineIssue = (i: number) =>
    Object.entries(issues)
      .filter(([path]) => path.startsWith(`lines[${i}]`))
      .map(([, message]) => message)[0];
  const estimate = lines.reduce((sum, line) => {
    const milli = qtyToMilli(Number(line.qty));
    return milli === null ? sum : sum + lineAmount(unitPrice(line.item), milli);
  }, 0);
  const doneTotal = (done ?? []).reduce((s, l) => s + l.amount, 0);

  return (
    <div
      ref={formRef}
      data-testid="charge-form"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.ctrlKey) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <p className="hint">
        项目栏输入编码 / 名称 / 拼音首字母（如 ptcwf），↑↓ 选择，Enter 加入；填数量后 Enter 回到项目栏；项目栏为空时按 Enter（或 Ctrl+Enter）记账；数量栏清空后按 Esc 删除该行；空项目栏按 Esc 返回在院病人
      </p>
      {counter.user && counter.user.role !== 'cashier' && <p className="warn" role="status">住院记账由收费员办理（药剂员在药房记账）。</p>}
      {admission.discharged && <p className="warn">该病人已出院结算，不能再记账。</p>}
      <table className="grid" data-testid="charge-lines">
        <thead>
          <tr>
            <th>编码</th><th>项目</th><th>规格 / 单位</th><th>类别</th><th className="num">单价（元）</th><th>数量</th><th className="num">金额（元）</th><th>库存</th><th />
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">尚未添加费用</td>
            </tr>
          )}
          {lines.map((line, i) => {
            const milli = qtyToMilli(Number(line.qty));
            const issue = lineIssue(i);
            return (
              <tr key={line.key} data-testid="charge-line">
                <td className="code">{line.item.code}</td>
                <td>{line.item.name}</td>
                <td>
                  {line.item.spec} / {line.item.unit}
                </td>
                <td>{ITEM_KIND_NAMES[line.item.kind]}</td>
                <td className="num">{formatYuan(unitPrice(line.item))}</td>
                <td>
                  <span className="cell-field">
                    <input
                      className="short"
                      aria-label={`${line.item.name}数量`}
                      data-line={i}
                      value={line.qty}
                      autoFocus
                      disabled={!allowed}
                      aria-invalid={issue ? true : undefined}
                      onFocus={(e) => e.currentTarget.select()}
                      onChange={(e) => setQty(i, e.target.value)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
                          e.preventDefault();
                          pickerRef.current?.focus();
                        } else if (e.key === 'Escape') {
                          e.preventDefault();
                          if (line.qty !== '') setQty(i, '');
                          else removeLine(i);
                        }
                      }}
                    />
                    {issue && <small className="field-error">{issue}</small>}
                  </span>
                </td>
                <td className="num">{milli === null ? '—' : `${line.item.stocked ? '约 ' : ''}${formatYuan(lineAmount(unitPrice(line.item), milli))}`}</td>
                <td className="muted">{line.item.stocked ? (line.item.stock ? qtyText(line.item.stock.availableMilli, line.item.unit) : '—') : ''}</td>
                <td>
                  <button type="button" tabIndex={-1} onClick={() => removeLine(i)}>
                    删除
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
        {lines.length > 0 && (
          <tfoot>
            <tr>
              <th colSpan={6}>共 {lines.length} 项（药品按先到期批次计价，以记账结果为准）</th>
              <th className="num" data-testid="charge-estimate">
                {formatYuan(estimate)}
              </th>
              <th colSpan={2} />
            </tr>
          </tfoot>
        )}
      </table>
      <SearchPicker<CatalogueHit>
        label="项目（药品、诊疗项目、耗材）"
        placeholder="编码 / 名称 / 拼音首字母，如 ptcwf"
        testId="charge-picker"
        autoFocus
        className="ip-wide-picker"
        disabled={!allowed}
        inputRef={pickerRef}
        search={(query) => api['catalogue.search']({ query, limit: 20 })}
        keyOf={(item) => item.code}
        exact={(item, q) => item.code.toLowerCase() === q.toLowerCase()}
        refusal={noStock}
        render={(item) => <ItemLine item={item} />}
        notFound={(q) => `目录中没有「${q}」`}
        onPick={(item) => {
          setDone(null);
          setError(null);
          const key = nextKey++;
          setLines((all) => [...all, { key, item, qty: '1' }]);
        }}
        onEmptyEnter={() => void submit()}
      />
      {error && (
        <p className="error" role="alert" data-testid="charge-error">
          {error}
        </p>
      )}
      <p>
        <button type="button" disabled={busy || !allowed} onClick={() => void submit()} data-testid="charge-submit">
          {busy ? '正在记账…' : '记账'} <kbd>Ctrl+Enter</kbd>
        </button>
      </p>
      {done && (
        <div className="done" role="status" data-testid="charge-result">
          <p className="ok-line">
            已记账 {done.length} 行，合计 {formatYuan(doneTotal)} 元
          </p>
          <ChargeTable lines={done} />
        </div>
      )}
    </div>
  );
}

export function ChargeTable({ lines }: { lines: ChargeLine[] }) {
  return (
    <table className="grid compact">
      <thead>
        <tr>
          <th>项目</th><th>规格</th><th>批号</th><th className="num">数量</th><th className="num">单价（元）</th><th className="num">金额（元）</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.id}>
            <td>{l.name}</td>
            <td>{l.spec}</td>
            <td>{l.batchNo ?? ''}</td>
            <td className="num">{qtyText(l.qtyMilli, l.unit)}</td>
            <td className="num">{formatYuan(l.price)}</td>
            <td className="num">{formatYuan(l.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
