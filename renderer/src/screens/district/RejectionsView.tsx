import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RejectedRecord } from '../../../../shared/district/types';
import { Check, DataTable, formatDateTime, formatYuan, useApi, type Column } from '../../kit';
import { ACTION_NAMES, REC_TYPE_NAMES } from './districtFormat';
import { RejectionForm, type RejectionMode } from './RejectionForm';

type Start = (record: RejectedRecord, mode: RejectionMode) => void;

/** What was done about a record (by whom, when), or the two ways to handle it. */
function ActionCell({ record: r, onStart }: { record: RejectedRecord; onStart: Start }) {
  if (r.action) {
    return (
      <span data-testid="district-rejection-action">
        <strong>{ACTION_NAMES[r.action.action]}</strong>：{r.action.note}
        <span className="muted">
          （{r.action.operator}，{formatDateTime(r.action.at)}）
        </span>
      </span>
    );
  }
  return (
    <span className="district-actions" data-testid="district-rejection-action">
      <button type="button" data-testid="district-resubmit" onClick={() => onStart(r, 'resubmit')}>
        更正后重新提交
      </button>
      <button type="button" data-testid="district-dispute" onClick={() => onStart(r, 'dispute')}>
        提出异议
      </button>
    </span>
  );
}

function rejectionColumns(onStart: Start): Column<RejectedRecord>[] {
  // Classes on the content, not the column: a column's class also colours its header.
  return [
    { id: 'setlId', header: '收据号', cell: (r) => <span className="code">{r.setlId}</span> },
    {
      id: 'type',
      header: '类型',
      cell: (r) => (
        <>
          {REC_TYPE_NAMES[r.recType]}
          {r.resubmitOf && <span className="muted">（重新提交）</span>}
        </>
      ),
    },
    { id: 'name', header: '姓名', cell: (r) => r.personName },
    { id: 'date', header: '日期', cell: (r) => r.setlDate },
    { id: 'amount', header: '金额（元）', num: true, cell: (r) => formatYuan(r.medfeeSumamt) },
    { id: 'reason', header: '拒付原因', cell: (r) => <span className="loss">{r.reason}</span> },
    { id: 'action', header: '处理', cell: (r) => <ActionCell record={r} onStart={onStart} /> },
  ];
}

/**
 * 拒付处理 (院长/财务): the records the centre rejected, with the reason; each is corrected and resubmitted, or
 * disputed with a note. 含已处理 also lists the handled ones with what was done, by whom and when.
 */
export function RejectionsView({ onChanged }: { onChanged: () => void }) {
  const [includeHandled, setIncludeHandled] = useState(false);
  const list = useApi('district.rejections', { includeHandled });
  const [working, setWorking] = useState<{ record: RejectedRecord; mode: RejectionMode } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const viewRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLInputElement>(null);

  // Keyboard first: straight onto the first open record's 更正 when there is one, once this visit's list is
  // in (not a cached one from an earlier visit).
  const ready = list.data !== null && !list.loading;
  const focused = useRef(false);
  useEffect(() => {
    if (!ready || focused.current) return;
    focused.current = true;
    (viewRef.current?.querySelector<HTMLButtonElement>('[data-testid="district-resubmit"]') ?? toggleRef.current)?.focus();
  }, [ready]);

  const start = useCallback<Start>((record, mode) => {
    setDone(null);
    setWorking({ record, mode });
  }, []);
  // The same columns from render to render, so the buttons in them keep the focus.
  const columns = useMemo(() => rejectionColumns(start), [start]);
  const finish = (handled: RejectedRecord) => {
    setWorking(null);
    setDone(
      handled.action?.action === 'resubmitted'
        ? `收据号 ${handled.setlId} 已更正并重新提交，将随下一批上传（可在「状态」中按 立即上传）`
        : `已对收据号 ${handled.setlId} 提出异议，此记录不再提交`,
    );
    list.reload();
    onChanged();
    toggleRef.current?.focus();
  };
  const cancel = () => {
    setWorking(null);
    toggleRef.current?.focus();
  };

  const rows = list.data ?? [];
  return (
    <div data-testid="district-rejections-view" ref={viewRef}>
      <p className="form-row">
        <Check label="含已处理" inputRef={toggleRef} checked={includeHandled} testId="district-include-handled" onChange={setIncludeHandled} />
        <button type="button" onClick={list.reload}>
          刷新
        </button>
      </p>
      {list.error && (
        <p className="error" role="alert">
          {list.error}
        </p>
      )}
      {!list.data && !list.error && <p className="muted">正在读取被拒记录…</p>}
      {list.data && (
        <DataTable
          testId="district-rejections"
          compact
          columns={columns}
          rows={rows}
          rowKey={(r) => r.outboxId}
          rowProps={(r) => ({
            'data-testid': 'district-rejection',
            className: working?.record.outboxId === r.outboxId ? 'district-working' : undefined,
            ...{ 'data-setl-id': r.setlId },
          })}
          empty={
            <p className="muted" data-testid="district-rejections-empty">
              {includeHandled ? '中心没有拒付过记录。' : '没有待处理的被拒记录。'}
            </p>
          }
        />
      )}
      {working && <RejectionForm key={`${working.record.outboxId}-${working.mode}`} record={working.record} mode={working.mode} onDone={finish} onCancel={cancel} />}
      {done && (
        <p className="ok-line" role="status" data-testid="district-rejection-done">
          {done}
        </p>
      )}
    </div>
  );
}
