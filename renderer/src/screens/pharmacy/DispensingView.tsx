import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DispensingLine, DispensingQueueEntry } from '../../../../shared/pharmacy';
import { api } from '../../api';
import { DataTable, formatDateTime, messageOf, qtyText, useApi, type Column } from '../../kit';

const REFRESH_MS = 15_000;

type Outcome = { ok: true; text: string } | { ok: false; text: string };

/** 发药队列: ↑↓ choose a settled prescription, Enter asks, Enter again hands it over, Esc cancels. */
export function DispensingView() {
  // The cashier keeps settling while the pharmacist works: read the queue again every 15 seconds.
  const queue = useApi('pharmacy.dispensingQueue', {}, { refetchInterval: REFRESH_MS });
  const [selected, setSelected] = useState(0);
  const [confirming, setConfirming] = useState<DispensingQueueEntry | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const entries = queue.data ?? [];
  const current = Math.max(0, Math.min(selected, entries.length - 1));

  useEffect(() => listRef.current?.focus(), []);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const dispense = async (entry: DispensingQueueEntry) => {
    setBusy(true);
    try {
      const record = await api['pharmacy.dispense']({ settlementId: entry.settlementId });
      setOutcome({ ok: true, text: `已发药：收据 ${record.receiptNo}（${entry.personName}），共 ${record.lines.length} 行` });
    } catch (e) {
      setOutcome({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
      setConfirming(null);
      queue.reload();
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (busy) return;
    if (confirming) {
      if (e.key === 'Enter') {
        e.preventDefault();
        void dispense(confirming);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        setConfirming(null);
      }
      return;
    }
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: entries.length - 1, PageDown: current + 5, PageUp: current - 5 };
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      setSelected(Math.max(0, Math.min(target, entries.length - 1)));
    } else if (e.key === 'Enter' && entries[current]) {
      e.preventDefault();
      setOutcome(null);
      setConfirming(entries[current]);
    } else if (e.key === 'Escape') {
      setOutcome(null);
    } else if (e.key === 'F5') {
      e.preventDefault();
      queue.reload();
    }
  };

  return (
    <div>
      <p className="hint">↑↓ 选择处方，Enter 发药（再按 Enter 确认，Esc 取消），F5 刷新（每 15 秒自动刷新）</p>
      {confirming && (
        <p className="confirm" role="status" data-testid="dispense-confirm">
          确认为 <strong>{confirming.personName}</strong> 发药（收据 {confirming.receiptNo}，{confirming.lines.length} 行）？按 Enter 确认，Esc 取消
        </p>
      )}
      {outcome && (
        <p className={outcome.ok ? 'ok-line' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="dispense-outcome">
          {outcome.text}
        </p>
      )}
      {queue.error && <p className="error" role="alert">{queue.error}</p>}
      <div
        ref={listRef}
        tabIndex={0}
        role="listbox"
        aria-label="待发药处方"
        className="queue"
        data-testid="dispensing-queue"
        onKeyDown={onKeyDown}
      >
        {queue.data && entries.length === 0 && <p className="muted">没有待发药的处方。</p>}
        {entries.map((entry, index) => (
          <QueueEntry key={entry.settlementId} entry={entry} selected={index === current} onClick={() => setSelected(index)} />
        ))}
      </div>
    </div>
  );
}

/** A prescription's lines as the pharmacist takes them off the shelf: batch (FEFO) and expiry. */
const LINE_COLUMNS: Column<DispensingLine>[] = [
  { id: 'name', header: '药品', cell: (l) => l.name },
  { id: 'spec', header: '规格', cell: (l) => l.spec },
  { id: 'batch', header: '批号', cell: (l) => l.batchNo },
  { id: 'expiry', header: '有效期', cell: (l) => l.expiryDate },
  { id: 'qty', header: '数量', num: true, cell: (l) => qtyText(l.qtyMilli, l.unit) },
];

function QueueEntry({ entry, selected, onClick }: { entry: DispensingQueueEntry; selected: boolean; onClick: () => void }) {
  return (
    <div role="option" aria-selected={selected} className={`queue-entry${selected ? ' selected' : ''}`} data-testid="queue-entry" onClick={onClick}>
      <div className="queue-head">
        <strong>{entry.personName}</strong>
        <span>收据 {entry.receiptNo}</span>
        <span className="muted">{formatDateTime(entry.settledAt)}</span>
      </div>
      <DataTable compact columns={LINE_COLUMNS} rows={entry.lines} rowKey={(_, index) => index} />
    </div>
  );
}
