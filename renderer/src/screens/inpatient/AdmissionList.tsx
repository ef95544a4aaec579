import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Admission } from '../../../../shared/inpatient';
import { formatYuan } from '../../../../shared/money';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';

/** 在院病人: ↑↓ choose a stay, Enter opens it. The row of the stay last open is chosen when the list comes back. */
export function AdmissionList({ initialId, onOpen }: { initialId: number | null; onOpen: (admission: Admission) => void }) {
  const list = useApiCall(() => api['inpatient.list'](), 'inpatient-list');
  const [selected, setSelected] = useState<number | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const rows = list.data ?? [];
  const wanted = selected ?? Math.max(0, rows.findIndex((a) => a.id === initialId));
  const current = Math.max(0, Math.min(wanted, rows.length - 1));

  useEffect(() => boxRef.current?.focus(), []);
  useEffect(() => {
    boxRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current, rows.length]);

  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: rows.length - 1, PageDown: current + 10, PageUp: current - 10 };
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      setSelected(Math.max(0, Math.min(target, rows.length - 1)));
    } else if (e.key === 'Enter' && rows[current]) {
      e.preventDefault();
      onOpen(rows[current]);
    }
  };

  const totals = rows.reduce((t, a) => ({ charges: t.charges + a.chargesTotal, deposits: t.deposits + a.depositBalance }), { charges: 0, deposits: 0 });

  return (
    <div>
      <p className="hint">↑↓ 选择病人，Enter 打开（日清单、预交金、记账、出院结算）；<kbd>Alt+2</kbd> 入院登记</p>
      {list.error && <p className="error" role="alert">{list.error}</p>}
      <div ref={boxRef} tabIndex={0} role="listbox" aria-label="在院病人" className="ip-list" data-testid="inpatient-list" onKeyDown={onKeyDown}>
        <table className="grid">
          <thead>
            <tr>
              <th>住院号</th><th>姓名</th><th>病区 / 床号</th><th>入院日期</th><th>诊断</th><th className="num">费用合计（元）</th><th className="num">预交金余额（元）</th><th className="num">余额 − 费用</th>
            </tr>
          </thead>
          <tbody>
            {list.loading && !list.data && (
              <tr>
                <td colSpan={8} className="muted">正在读取…</td>
              </tr>
            )}
            {list.data && rows.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">没有在院病人。按 Alt+2 办理入院登记。</td>
              </tr>
            )}
            {rows.map((a, index) => {
              const owing = a.chargesTotal > a.depositBalance;
              return (
                <tr
                  key={a.id}
                  role="option"
                  aria-selected={index === current}
                  className={`${index === current ? 'ip-selected' : ''}${owing ? ' ip-owing' : ''}`}
                  data-testid="inpatient-row"
                  onClick={() => setSelected(index)}
                  onDoubleClick={() => onOpen(a)}
                >
                  <td className="code">{a.id}</td>
                  <td>
                    <strong>{a.personName}</strong>
                  </td>
                  <td>
                    {a.ward || '—'} {a.bed ? `${a.bed} 床` : ''}
                  </td>
                  <td>{a.admittedOn}</td>
                  <td>{a.diagnosis || '—'}</td>
                  <td className="num">{formatYuan(a.chargesTotal)}</td>
                  <td className={`num${owing ? ' ip-red' : ''}`} data-testid="deposit-balance">
                    {formatYuan(a.depositBalance)}
                  </td>
                  <td className={`num${owing ? ' ip-red' : ''}`}>
                    {formatYuan(a.depositBalance - a.chargesTotal)}
                    {owing && <span className="ip-tag-red">预交金不足</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
          {rows.length > 1 && (
            <tfoot>
              <tr>
                <th colSpan={5}>共 {rows.length} 人</th>
                <th className="num">{formatYuan(totals.charges)}</th>
                <th className="num">{formatYuan(totals.deposits)}</th>
                <th />
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </div>
  );
}
