import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Admission } from '../../../../shared/inpatient';
import { subFen, sumFen } from '../../../../shared/money';
import { DataTable, formatYuan, useApi, type Column } from '../../kit';

/** The columns of a stay in the list; a stay whose charges exceed its deposits reads red. */
const COLUMNS: readonly Column<Admission>[] = [
  { id: 'id', header: '住院号', className: 'code', cell: (a) => a.id },
  { id: 'name', header: '姓名', cell: (a) => <strong>{a.personName}</strong> },
  { id: 'bed', header: '病区 / 床号', cell: (a) => `${a.ward || '—'} ${a.bed ? `${a.bed} 床` : ''}` },
  { id: 'admitted', header: '入院日期', cell: (a) => a.admittedOn },
  { id: 'diagnosis', header: '诊断', cell: (a) => a.diagnosis || '—' },
  { id: 'charges', header: '费用合计（元）', num: true, cell: (a) => formatYuan(a.chargesTotal) },
  {
    id: 'deposit',
    header: '预交金余额（元）',
    num: true,
    cell: (a) => (
      <span className={owing(a) ? 'ip-red' : undefined} data-testid="deposit-balance">
        {formatYuan(a.depositBalance)}
      </span>
    ),
  },
  {
    id: 'left',
    header: '余额 − 费用',
    num: true,
    cell: (a) => (
      <span className={owing(a) ? 'ip-red' : undefined}>
        {formatYuan(subFen(a.depositBalance, a.chargesTotal))}
        {owing(a) && <span className="ip-tag-red">预交金不足</span>}
      </span>
    ),
  },
];

function owing(a: Admission): boolean {
  return a.chargesTotal > a.depositBalance;
}

/** 在院病人: ↑↓ choose a stay, Enter opens it. The row of the stay last open is chosen when the list comes back. */
export function AdmissionList({ initialId, onOpen }: { initialId: number | null; onOpen: (admission: Admission) => void }) {
  const list = useApi('inpatient.list', {});
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

  return (
    <div>
      <p className="hint">↑↓ 选择病人，Enter 打开（日清单、预交金、记账、出院结算）；<kbd>Alt+2</kbd> 入院登记</p>
      {list.error && <p className="error" role="alert">{list.error}</p>}
      <div ref={boxRef} tabIndex={0} role="listbox" aria-label="在院病人" className="ip-list" data-testid="inpatient-list" onKeyDown={onKeyDown}>
        <DataTable
          columns={COLUMNS}
          rows={rows}
          rowKey={(a) => a.id}
          rowProps={(a, index) => ({
            role: 'option',
            'aria-selected': index === current,
            className: `${index === current ? 'ip-selected' : ''}${owing(a) ? ' ip-owing' : ''}`,
            'data-testid': 'inpatient-row',
            onClick: () => setSelected(index),
            onDoubleClick: () => onOpen(a),
          })}
          empty={list.data ? <p className="muted">没有在院病人。按 Alt+2 办理入院登记。</p> : list.loading ? <p className="muted">正在读取…</p> : null}
          foot={rows.length > 1 && <TotalsRow rows={rows} />}
        />
      </div>
    </div>
  );
}

/** 共 n 人 with the sums of charges and deposits, under a list of more than one stay. */
function TotalsRow({ rows }: { rows: readonly Admission[] }) {
  return (
    <tr>
      <th colSpan={5}>共 {rows.length} 人</th>
      <th className="num">{formatYuan(sumFen(rows.map((a) => a.chargesTotal)))}</th>
      <th className="num">{formatYuan(sumFen(rows.map((a) => a.depositBalance)))}</th>
      <th />
    </tr>
  );
}
