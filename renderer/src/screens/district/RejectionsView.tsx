import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../../../shared/dates';
import type { RejectedRecord } from '../../../../shared/district/types';
import { formatYuan } from '../../../../shared/money';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { ACTION_NAMES, REC_TYPE_NAMES } from './districtFormat';
import { RejectionForm, type RejectionMode } from './RejectionForm';

/**
 * 拒付处理 (院长/财务): the records the centre rejected, with the reason; each is corrected and resubmitted, or
 * disputed with a note. 含已处理 also lists the handled ones with what was done, by whom and when.
 */
export function RejectionsView({ onChanged }: { onChanged: () => void }) {
  const [includeHandled, setIncludeHandled] = useState(false);
  const list = useApiCall(() => api['district.rejections']({ includeHandled }), String(includeHandled));
  const [working, setWorking] = useState<{ record: RejectedRecord; mode: RejectionMode } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const toggleRef = useRef<HTMLInputElement>(null);
  const firstActionRef = useRef<HTMLButtonElement>(null);

  // Keyboard first: straight onto the first record's 更正 when there is one.
  const loaded = list.data !== null;
  useEffect(() => {
    if (!loaded) return;
    (firstActionRef.current ?? toggleRef.current)?.focus();
  }, [loaded]);

  const start = (record: RejectedRecord, mode: RejectionMode) => {
    setDone(null);
    setWorking({ record, mode });
  };
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
  const firstOpenId = rows.find((r) => r.action === null)?.outboxId;
  return (
    <div data-testid="district-rejections-view">
      <p className="form-row">
        <label className="check">
          <input
            type="checkbox"
            ref={toggleRef}
            checked={includeHandled}
            data-testid="district-include-handled"
            onChange={(e) => setIncludeHandled(e.target.checked)}
          />{' '}
          含已处理
        </label>
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
      {list.data && rows.length === 0 && (
        <p className="muted" data-testid="district-rejections-empty">
          {includeHandled ? '中心没有拒付过记录。' : '没有待处理的被拒记录。'}
        </p>
      )}
      {rows.length > 0 && (
        <table className="grid compact" data-testid="district-rejections">
          <thead>
            <tr>
              <th>收据号</th><th>类型</th><th>姓名</th><th>日期</th><th className="num">金额（元）</th><th>拒付原因</th><th>处理</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const isFirst = r.outboxId === firstOpenId;
              return (
                <tr key={r.outboxId} data-testid="district-rejection" data-setl-id={r.setlId} className={working?.record.outboxId === r.outboxId ? 'district-working' : undefined}>
                  <td className="code">{r.setlId}</td>
                  <td>
                    {REC_TYPE_NAMES[r.recType]}
                    {r.resubmitOf && <span className="muted">（重新提交）</span>}
                  </td>
                  <td>{r.personName}</td>
                  <td>{r.setlDate}</td>
                  <td className="num">{formatYuan(r.medfeeSumamt)}</td>
                  <td className="loss">{r.reason}</td>
                  <td data-testid="district-rejection-action">
                    {r.action ? (
                      <span>
                        <strong>{ACTION_NAMES[r.action.action]}</strong>：{r.action.note}
                        <span className="muted">
                          （{r.action.operator}，{formatDateTime(r.action.at)}）
                        </span>
                      </span>
                    ) : (
                      <span className="district-actions">
                        <button type="button" ref={isFirst ? firstActionRef : undefined} data-testid="district-resubmit" onClick={() => start(r, 'resubmit')}>
                          更正后重新提交
                        </button>
                        <button type="button" data-testid="district-dispute" onClick={() => start(r, 'dispute')}>
                          提出异议
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
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
