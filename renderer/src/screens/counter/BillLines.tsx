import type { KeyboardEvent, Ref } from 'react';
import { CHARGE_CLASS_NAMES, type CatalogueHit } from '../../../../shared/domain';
import type { Fen } from '../../../../shared/money';
import { qtyToMilli } from '../../../../shared/quantity';
import { lineAmount } from '../../../../shared/settlement/engine';
import { DataTable, formatYuan, qtyText, type Column } from '../../kit';
import { isUnmapped, unitPrice } from './ItemPicker';

export interface BillLine {
  key: number;
  item: CatalogueHit;
  qty: string;
}

/** The API's path of a line's quantity: a refusal naming it marks that line, and focus goes to its input. */
export const qtyPath = (index: number) => `lines[${index}].qty`;

/** The amount a line will come to at the price a sale would charge now, or null if it cannot be told yet. */
export function estimate(line: BillLine): Fen | null {
  const price = unitPrice(line.item);
  const milli = qtyToMilli(Number(line.qty));
  return price === null || milli === null ? null : lineAmount(price, milli);
}

interface LineMoves {
  readOnly: boolean;
  onQtyChange: (index: number, qty: string) => void;
  onRemove: (index: number) => void;
  /** Focus moves: to a line's row or quantity, or back to the item picker. */
  onFocusRow: (index: number) => void;
  onFocusQty: (index: number) => void;
  onLeave: () => void;
}

/** A row of the table: a bill line, or the refusal under the line it names. */
type Row = { kind: 'line'; line: BillLine; index: number; count: number; wrong: boolean; moves: LineMoves } | { kind: 'problem'; key: number; message: string };

/** ↑↓ from line `index`: the line above or below, or out of the table below the last one. */
function step(row: { index: number; count: number; moves: LineMoves }, key: string, focus: (index: number) => void) {
  const next = row.index + (key === 'ArrowDown' ? 1 : -1);
  if (next >= row.count) row.moves.onLeave();
  else focus(Math.max(0, next));
}

/** A line's quantity: Enter or Esc returns to the picker, ↑↓ go to the quantity above or below. */
function QtyInput({ row }: { row: Extract<Row, { kind: 'line' }> }) {
  const { line, index, wrong, moves } = row;
  return (
    <>
      <input
        className="qty"
        value={line.qty}
        disabled={moves.readOnly}
        data-path={qtyPath(index)}
        data-testid="line-qty"
        aria-label={`第 ${index + 1} 行数量`}
        aria-invalid={wrong || qtyToMilli(Number(line.qty)) === null ? true : undefined}
        onChange={(e) => moves.onQtyChange(index, e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            moves.onLeave();
          } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
            e.preventDefault();
            e.stopPropagation();
            step(row, e.key, moves.onFocusQty);
          }
        }}
      />{' '}
      <span className="muted">{line.item.unit}</span>
    </>
  );
}

/** The stock a drug line draws on, marked 不足 when the quantity is more than there is. */
function StockCell({ line }: { line: BillLine }) {
  const stock = line.item.stocked ? line.item.stock : null;
  const milli = qtyToMilli(Number(line.qty));
  const short = stock !== null && milli !== null && milli > stock.availableMilli;
  return (
    <span className={short ? 'loss' : 'muted'}>
      {stock && qtyText(stock.availableMilli, line.item.unit)}
      {short && ' 不足'}
      {stock?.nearestExpiry && <small className="expiry">{stock.nearestExpiry}</small>}
    </span>
  );
}

const money = (amount: Fen | null) => (amount === null ? '—' : formatYuan(amount));

// Module-level: the table keeps its cells (and the focused quantity input) across renders only if its columns stay the same.
const COLUMNS: Column<Row>[] = [
  { id: 'no', header: '#', cell: (r) => (r.kind === 'line' ? r.index + 1 : null) },
  {
    id: 'item',
    header: '项目',
    className: 'item-cell',
    cell: (r) =>
      r.kind === 'line' ? (
        <>
          {r.line.item.name}{' '}
          <small className="muted">
            {r.line.item.code}
            {r.line.item.spec ? ` · ${r.line.item.spec}` : ''}
          </small>
        </>
      ) : (
        <span data-testid="line-error" role="alert">
          <span className="field-error">↑ {r.message}</span>
        </span>
      ),
  },
  {
    id: 'class',
    header: '类别',
    cell: (r) => r.kind === 'line' && (isUnmapped(r.line.item) ? <span className="tag self-pay">未对码·自费</span> : CHARGE_CLASS_NAMES[r.line.item.chargeClass]),
  },
  { id: 'price', header: '单价', num: true, cell: (r) => r.kind === 'line' && money(unitPrice(r.line.item)) },
  { id: 'qty', header: '数量', cell: (r) => r.kind === 'line' && <QtyInput row={r} /> },
  { id: 'amount', header: '金额', num: true, cell: (r) => r.kind === 'line' && money(estimate(r.line)) },
  { id: 'stock', header: '库存 / 近效期', className: 'stock-cell', cell: (r) => r.kind === 'line' && <StockCell line={r.line} /> },
  {
    id: 'remove',
    header: null,
    cell: (r) =>
      r.kind === 'line' &&
      !r.moves.readOnly && (
        <button type="button" tabIndex={-1} title="删除此行（选中行后按 Del）" aria-label={`删除第 ${r.index + 1} 行`} onClick={() => r.moves.onRemove(r.index)}>
          ✕
        </button>
      ),
  },
];

/** On a line (↑ from the empty picker): ↑↓ move, Enter edits the quantity, Del deletes the line, Esc returns. */
function onLineKey(row: Extract<Row, { kind: 'line' }>, e: KeyboardEvent<HTMLTableRowElement>) {
  if (e.target !== e.currentTarget) return;
  const { moves } = row;
  if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
    e.preventDefault();
    step(row, e.key, moves.onFocusRow);
  } else if ((e.key === 'Delete' || e.key === 'Backspace') && !moves.readOnly) {
    e.preventDefault();
    moves.onRemove(row.index);
  } else if (e.key === 'Enter' && !moves.readOnly) {
    e.preventDefault();
    moves.onFocusQty(row.index);
  } else if (e.key === 'Escape') {
    e.preventDefault();
    moves.onLeave();
  }
}

interface BillLinesProps extends Omit<LineMoves, 'readOnly'> {
  lines: BillLine[];
  tableRef: Ref<HTMLTableElement>;
  /** The line a refused call named (short stock, bad quantity), with its message. */
  problem: { line: number; message: string } | null;
  readOnly?: boolean;
}

/**
 * The bill's lines. In a quantity: Enter or Esc returns to the picker, ↑↓ go to the line above or below.
 * On a line (↑ from the empty picker): ↑↓ move, Enter edits the quantity, Del deletes the line, Esc returns.
 */
export function BillLines({ lines, tableRef, problem, readOnly = false, ...handlers }: BillLinesProps) {
  const moves: LineMoves = { readOnly, ...handlers };
  const rows = lines.flatMap((line, index): Row[] => {
    const wrong = problem?.line === index;
    const row: Row = { kind: 'line', line, index, count: lines.length, wrong, moves };
    return wrong ? [row, { kind: 'problem', key: line.key, message: problem.message }] : [row];
  });
  return (
    <DataTable
      columns={COLUMNS}
      rows={rows}
      rowKey={(r) => (r.kind === 'line' ? r.line.key : `problem-${r.key}`)}
      compact
      className="bill-lines"
      testId="bill-lines"
      tableRef={tableRef}
      rowProps={(r) =>
        r.kind === 'line'
          ? {
              tabIndex: -1,
              'data-testid': 'bill-line',
              'aria-invalid': r.wrong ? true : undefined,
              className: r.wrong ? 'line-error' : undefined,
              onKeyDown: (e) => onLineKey(r, e),
            }
          : { className: 'line-error-row' }
      }
      // The empty bill keeps its header, with the hint where the lines will be.
      foot={
        lines.length === 0 && (
          <tr>
            <td colSpan={8} className="muted">
              尚未添加项目：在下方输入拼音首字母，如 amxl（阿莫西林胶囊）
            </td>
          </tr>
        )
      }
    />
  );
}
