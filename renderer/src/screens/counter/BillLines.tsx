import { Fragment, type Ref } from 'react';
import { CHARGE_CLASS_NAMES, type CatalogueHit } from '../../../../shared/domain';
import { formatYuan } from '../../../../shared/money';
import { qtyToMilli } from '../../../../shared/quantity';
import { lineAmount } from '../../../../shared/settlement/engine';
import { qtyText } from '../pharmacy/format';
import { isUnmapped, unitPrice } from './ItemPicker';

export interface BillLine {
  key: number;
  item: CatalogueHit;
  qty: string;
}

/** The amount a line will come to at the price a sale would charge now, or null if it cannot be told yet. */
export function estimate(line: BillLine): number | null {
  const price = unitPrice(line.item);
  const milli = qtyToMilli(Number(line.qty));
  return price === null || milli === null ? null : lineAmount(price, milli);
}

interface BillLinesProps {
  lines: BillLine[];
  tableRef: Ref<HTMLTableElement>;
  /** The line a refused call named (short stock, bad quantity), with its message. */
  problem: { line: number; message: string } | null;
  readOnly?: boolean;
  onQtyChange: (index: number, qty: string) => void;
  onRemove: (index: number) => void;
  /** Focus moves: to a line's row or quantity, or back to the item picker. */
  onFocusRow: (index: number) => void;
  onFocusQty: (index: number) => void;
  onLeave: () => void;
}

/**
 * The bill's lines. In a quantity: Enter or Esc returns to the picker, ↑↓ go to the line above or below.
 * On a line (↑ from the empty picker): ↑↓ move, Enter edits the quantity, Del deletes the line, Esc returns.
 */
export function BillLines({ lines, tableRef, problem, readOnly, onQtyChange, onRemove, onFocusRow, onFocusQty, onLeave }: BillLinesProps) {
  return (
    <table className="grid compact bill-lines" ref={tableRef} data-testid="bill-lines">
      <thead>
        <tr>
          <th>#</th><th>项目</th><th>类别</th><th className="num">单价</th><th>数量</th><th className="num">金额</th><th>库存 / 近效期</th><th />
        </tr>
      </thead>
      <tbody>
        {lines.length === 0 && (
          <tr>
            <td colSpan={8} className="muted">尚未添加项目：在下方输入拼音首字母，如 amxl（阿莫西林胶囊）</td>
          </tr>
        )}
        {lines.map((line, i) => {
          const price = unitPrice(line.item);
          const amount = estimate(line);
          const wrong = problem?.line === i;
          const stock = line.item.stocked ? line.item.stock : null;
          const milli = qtyToMilli(Number(line.qty));
          const short = stock !== null && milli !== null && milli > stock.availableMilli;
          return (
            <Fragment key={line.key}>
              <tr
                tabIndex={-1}
                data-row={i}
                data-testid="bill-line"
                aria-invalid={wrong ? true : undefined}
                className={wrong ? 'line-error' : ''}
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget) return;
                  if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
                    e.preventDefault();
                    const next = i + (e.key === 'ArrowDown' ? 1 : -1);
                    if (next >= lines.length) onLeave();
                    else onFocusRow(Math.max(0, next));
                  } else if ((e.key === 'Delete' || e.key === 'Backspace') && !readOnly) {
                    e.preventDefault();
                    onRemove(i);
                  } else if (e.key === 'Enter' && !readOnly) {
                    e.preventDefault();
                    onFocusQty(i);
                  } else if (e.key === 'Escape') {
                    e.preventDefault();
                    onLeave();
                  }
                }}
              >
                <td>{i + 1}</td>
                <td className="item-cell">
                  {line.item.name}{' '}
                  <small className="muted">
                    {line.item.code}
                    {line.item.spec ? ` · ${line.item.spec}` : ''}
                  </small>
                </td>
                <td>{isUnmapped(line.item) ? <span className="tag self-pay">未对码·自费</span> : CHARGE_CLASS_NAMES[line.item.chargeClass]}</td>
                <td className="num">{price === null ? '—' : formatYuan(price)}</td>
                <td>
                  <input
                    className="qty"
                    value={line.qty}
                    disabled={readOnly}
                    data-qty={i}
                    data-path={`lines[${i}].qty`}
                    data-testid="line-qty"
                    aria-label={`第 ${i + 1} 行数量`}
                    aria-invalid={wrong || milli === null ? true : undefined}
                    onChange={(e) => onQtyChange(i, e.target.value)}
                    onFocus={(e) => e.currentTarget.select()}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === 'Escape') {
                        e.preventDefault();
                        e.stopPropagation();
                        onLeave();
                      } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
                        e.preventDefault();
                        e.stopPropagation();
                        const next = i + (e.key === 'ArrowDown' ? 1 : -1);
                        if (next >= lines.length) onLeave();
                        else onFocusQty(Math.max(0, next));
                      }
                    }}
                  />{' '}
                  <span className="muted">{line.item.unit}</span>
                </td>
                <td className="num">{amount === null ? '—' : formatYuan(amount)}</td>
                <td className={`stock-cell ${short ? 'loss' : 'muted'}`}>
                  {stock && qtyText(stock.availableMilli, line.item.unit)}
                  {short && ' 不足'}
                  {stock?.nearestExpiry && <small className="expiry">{stock.nearestExpiry}</small>}
                </td>
                <td>
                  {!readOnly && (
                    <button type="button" tabIndex={-1} title="删除此行（选中行后按 Del）" aria-label={`删除第 ${i + 1} 行`} onClick={() => onRemove(i)}>
                      ✕
                    </button>
                  )}
                </td>
              </tr>
              {wrong && (
                <tr className="line-error-row">
                  <td />
                  <td colSpan={7} data-testid="line-error" role="alert">
                    <span className="field-error">↑ {problem.message}</span>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
