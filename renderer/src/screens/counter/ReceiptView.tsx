import type { RefObject } from 'react';
import { formatYuan } from '../../kit';
import type { ReceiptShown } from './billState';
import { Receipt } from './Receipt';

/** What the cashier reads out after settling (or refunding): the receipt number, the change, a replay's note. */
function outcomeText({ record, note, tender }: ReceiptShown): string {
  if (record.kind === 'refund') return `退费成功：退费收据 ${record.receiptNo}，冲销结算编号 ${record.reversesId}`;
  if (note) return note;
  const change = tender && tender.change > 0 ? `，找零 ${formatYuan(tender.change)} 元` : '';
  return `结算成功：收据 ${record.receiptNo}（结算编号 ${record.id}）${record.selfPay ? '，自费' : ''}${change}`;
}

interface ReceiptViewProps {
  receipt: ReceiptShown;
  viewRef: RefObject<HTMLDivElement | null>;
  hospitalName: string;
  operatorName: (username: string) => string;
  /** Enter or Esc on the receipt: the next patient's bill. */
  onNext: () => void;
}

/** The receipt just taken, focused so that Enter goes on to the next patient; F11 prints it. */
export function ReceiptView({ receipt, viewRef, hospitalName, operatorName, onNext }: ReceiptViewProps) {
  return (
    <div
      className="receipt-view"
      ref={viewRef}
      tabIndex={-1}
      data-testid="receipt-view"
      onKeyDown={(e) => {
        if ((e.key === 'Enter' || e.key === 'Escape') && e.target === e.currentTarget) {
          e.preventDefault();
          onNext();
        }
      }}
    >
      <p className={receipt.note ? 'warn' : 'ok-line'} role="status" data-testid="settle-outcome">
        {outcomeText(receipt)}
        。F11 打印，Enter 开始下一位患者。
      </p>
      {receipt.printer && (
        <p className={receipt.printer.ok ? 'muted' : 'warn'} data-testid="printer-outcome">
          {receipt.printer.text}
        </p>
      )}
      <Receipt record={receipt.record} hospitalName={hospitalName} operatorName={operatorName} tender={receipt.tender} />
    </div>
  );
}
