import { useRef, useState } from 'react';
import { ESSENTIAL_NAMES, ITEM_KIND_NAMES, type CatalogueHit } from '../../../../shared/domain';
import type { Admission, ChargeLine } from '../../../../shared/inpatient';
import { sumFen, ZERO_FEN, type Fen } from '../../../../shared/money';
import { qtyToMilli } from '../../../../shared/quantity';
import { lineAmount } from '../../../../shared/settlement/engine';
import { api } from '../../api';
import { DataTable, Field, FormError, focusPath, formatYuan, issuesByPath, qtyText, useForm, type Column } from '../../kit';
import { SearchPicker } from '../../SearchPicker';
import type { CounterState } from './ShiftNotice';
import { newRequestId } from './inpatientFormat';

interface Line {
  key: number;
  item: CatalogueHit;
  qty: string;
}

let nextKey = 1;

/** What a line will cost per unit now: a stocked drug sells at its first-expiry batch's price. */
function unitPrice(item: CatalogueHit): Fen {
  return item.stocked ? (item.stock?.salePrice ?? item.price) : item.price;
}

/** What the line comes to at its typed quantity, or null while the quantity is not a valid one. */
function lineEstimate(line: Line): Fen | null {
  const milli = qtyToMilli(Number(line.qty));
  return milli === null ? null : lineAmount(unitPrice(line.item), milli);
}

function stockText(item: CatalogueHit): string {
  return item.stock ? qtyText(item.stock.availableMilli, item.unit) : '—';
}

function noStock(item: CatalogueHit): string | null {
  if (!item.stocked) return null;
  return item.stock && item.stock.availableMilli > 0 ? null : `「${item.name}」没有可用库存（未过期批次），不能记账`;
}

/** The index of the line a refusal's path names (`lines[2].qty` → 2), or -1. */
function lineOf(path: string): number {
  const match = /^lines\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : -1;
}

function ItemLine({ item }: { item: CatalogueHit }) {
  return (
    <>
      <span className="code">{item.code}</span> {item.name} <span className="muted">{item.spec}/{item.unit}</span>{' '}
      <span className="muted">· {ITEM_KIND_NAMES[item.kind]}</span> <span className="ip-num">{formatYuan(unitPrice(item))} 元</span>
      {item.stocked && (
        <span className="muted">
          {' '}
          · {ESSENTIAL_NAMES[item.essential]} · 库存 {stockText(item)}
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
  // The form's values are its lines; the kit keeps the refusal, the busy state and the focus on a bad line.
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, set, issues, error, busy, scopeRef, fail, submit: send, clear } = useForm<{ lines: Line[] }>({ lines: [] });
  const { lines } = values;
  const [requestId, setRequestId] = useState(newRequestId);
  const [done, setDone] = useState<ChargeLine[] | null>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const allowed = counter.user?.role === 'cashier' && !admission.discharged;

  const setQty = (index: number, qty: string) => {
    set({ lines: lines.map((line, i) => (i === index ? { ...line, qty } : line)) });
    clear();
  };
  const removeLine = (index: number) => {
    set({ lines: lines.filter((_, i) => i !== index) });
    // The marks named lines by index, which has just moved; the sentence of the refusal stays.
    if (error) fail(error, {});
    else clear();
    pickerRef.current?.focus();
  };

  const submit = async () => {
    if (busy || !allowed) return;
    if (lines.length === 0) {
      fail('至少要有一条费用：在「项目」栏输入编码、名称或拼音首字母', {});
      pickerRef.current?.focus();
      return;
    }
    const found: Record<string, string> = {};
    lines.forEach((line, i) => {
      if (qtyToMilli(Number(line.qty)) === null) found[`lines[${i}].qty`] = '数量必须大于 0，最多三位小数';
    });
    if (Object.keys(found).length > 0) {
      fail('请更正标红的数量', found);
      return;
    }
    const charged = await send(async (values) => {
      try {
        return await api['inpatient.charge']({
          admissionId: admission.id,
          lines: values.lines.map((line) => ({ itemCode: line.item.code, qty: Number(line.qty) })),
          clientRequestId: requestId,
        });
      } catch (e) {
        // The same request id stays until the charge goes through: a retry cannot charge twice. Focus goes to
        // the quantity of the first line refused, else back to the picker.
        const index = Object.keys(issuesByPath(e)).map(lineOf).find((i) => i >= 0) ?? -1;
        if (index >= 0) focusPath(scopeRef.current, [`lines[${index}].qty`]);
        else pickerRef.current?.focus();
        throw e;
      }
    });
    if (!charged) return;
    setDone(charged);
    set({ lines: [] });
    setRequestId(newRequestId());
    onChanged();
    pickerRef.current?.focus();
  };

  /** A line's refusal, whichever of its fields the API named. */
  const lineIssue = (i: number) => Object.entries(issues).find(([path]) => lineOf(path) === i)?.[1];
  const estimate = sumFen(lines.map((line) => lineEstimate(line) ?? ZERO_FEN));

  // Each row carries what its cells need, so the columns stay one constant (cells keep their focus).
  const rows: LineRow[] = lines.map((line, i) => ({
    line,
    path: `lines[${i}].qty`,
    error: lineIssue(i),
    disabled: !allowed,
    setQty: (qty) => setQty(i, qty),
    remove: () => removeLine(i),
    next: () => pickerRef.current?.focus(),
  }));

  return (
    <div
      ref={scopeRef}
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
      <DataTable
        testId="charge-lines"
        columns={LINE_COLUMNS}
        rows={rows}
        rowKey={(row) => row.line.key}
        rowProps={() => ({ 'data-testid': 'charge-line' })}
        empty={<p className="muted">尚未添加费用</p>}
        foot={
          <tr>
            <th colSpan={6}>共 {lines.length} 项（药品按先到期批次计价，以记账结果为准）</th>
            <th className="num" data-testid="charge-estimate">
              {formatYuan(estimate)}
            </th>
            <th colSpan={2} />
          </tr>
        }
      />
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
          clear();
          set({ lines: [...lines, { key: nextKey++, item, qty: '1' }] });
        }}
        onEmptyEnter={() => void submit()}
      />
      <FormError error={error} testId="charge-error" />
      <p>
        <button type="button" disabled={busy || !allowed} onClick={() => void submit()} data-testid="charge-submit">
          {busy ? '正在记账…' : '记账'} <kbd>Ctrl+Enter</kbd>
        </button>
      </p>
      {done && (
        <div className="done" role="status" data-testid="charge-result">
          <p className="ok-line">
            已记账 {done.length} 行，合计 {formatYuan(sumFen(done.map((l) => l.amount)))} 元
          </p>
          <ChargeTable lines={done} />
        </div>
      )}
    </div>
  );
}

/** A line as its row shows it: its refusal, and what its quantity field and 删除 do. */
interface LineRow {
  line: Line;
  path: string;
  error: string | undefined;
  disabled: boolean;
  setQty: (qty: string) => void;
  remove: () => void;
  /** Enter on the quantity: back to the picker for the next item. */
  next: () => void;
}

const LINE_COLUMNS: readonly Column<LineRow>[] = [
  { id: 'code', header: '编码', cell: ({ line }) => <span className="code">{line.item.code}</span> },
  { id: 'name', header: '项目', cell: ({ line }) => line.item.name },
  { id: 'spec', header: '规格 / 单位', cell: ({ line }) => `${line.item.spec} / ${line.item.unit}` },
  { id: 'kind', header: '类别', cell: ({ line }) => ITEM_KIND_NAMES[line.item.kind] },
  { id: 'price', header: '单价（元）', num: true, cell: ({ line }) => formatYuan(unitPrice(line.item)) },
  { id: 'qty', header: '数量', cell: (row) => <QtyField row={row} /> },
  {
    id: 'amount',
    header: '金额（元）',
    num: true,
    cell: ({ line }) => {
      const amount = lineEstimate(line);
      return amount === null ? '—' : `${line.item.stocked ? '约 ' : ''}${formatYuan(amount)}`;
    },
  },
  { id: 'stock', header: '库存', cell: ({ line }) => <span className="muted">{line.item.stocked ? stockText(line.item) : ''}</span> },
  {
    id: 'remove',
    header: '',
    cell: ({ remove }) => (
      <button type="button" tabIndex={-1} onClick={remove}>
        删除
      </button>
    ),
  },
];

/**
 * A line's quantity: the kit's field (Enter goes back to the picker, Esc clears), taking focus with its text
 * selected when the line is added, so typing replaces the 1; Esc on the emptied field removes the line.
 */
function QtyField({ row }: { row: LineRow }) {
  return (
    <span
      onFocus={(e) => (e.target as HTMLInputElement).select()}
      onKeyDown={(e) => {
        // The field clears itself on Esc (and marks the key handled); only an empty field's Esc gets here.
        if (e.key === 'Escape' && !e.defaultPrevented && row.line.qty === '') {
          e.preventDefault();
          row.remove();
        }
      }}
    >
      <Field
        label={`${row.line.item.name}数量`}
        bare
        className="short"
        value={row.line.qty}
        onChange={row.setQty}
        path={row.path}
        error={row.error}
        autoFocus
        disabled={row.disabled}
        onEnter={row.next}
      />
    </span>
  );
}

/** The lines a charge wrote, with the batch each drug was taken from. */
function ChargeTable({ lines }: { lines: ChargeLine[] }) {
  return <DataTable compact columns={CHARGED_COLUMNS} rows={lines} rowKey={(l) => l.id} />;
}

const CHARGED_COLUMNS: readonly Column<ChargeLine>[] = [
  { id: 'name', header: '项目', cell: (l) => l.name },
  { id: 'spec', header: '规格', cell: (l) => l.spec },
  { id: 'batch', header: '批号', cell: (l) => l.batchNo ?? '' },
  { id: 'qty', header: '数量', num: true, cell: (l) => qtyText(l.qtyMilli, l.unit) },
  { id: 'price', header: '单价（元）', num: true, cell: (l) => formatYuan(l.price) },
  { id: 'amount', header: '金额（元）', num: true, cell: (l) => formatYuan(l.amount) },
];
