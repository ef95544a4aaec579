import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChargeLine, DailyStatement } from '../../../../shared/inpatient';
import { subFen } from '../../../../shared/money';
import { api } from '../../api';
import { DataTable, Dialog, Facts, Field, FormError, formatYuan, qtyText, useApi, useForm, type Column } from '../../kit';
import type { CounterState } from './ShiftNotice';
import { useRefocusOnClose } from './useRefocusOnClose';

interface StatementViewProps {
  statement: DailyStatement | null;
  error: string | null;
  counter: CounterState;
  onChanged: () => void;
}

/**
 * 日清单: the stay's charges day by day (reversals marked 冲销), each day's total and the running total, the
 * deposits against them. ↑↓ choose a line, Delete 冲销 it (with a reason), Ctrl+P prints the statement.
 */
export function StatementView({ statement, error, counter, onChanged }: StatementViewProps) {
  const info = useApi('system.info', {});
  const [selected, setSelected] = useState(0);
  const [cancelling, setCancelling] = useState<ChargeLine | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  const lines = (statement?.days ?? []).flatMap((d) => d.lines);
  const reversed = new Set(lines.filter((l) => l.reversesId !== null).map((l) => l.reversesId));
  const current = Math.max(0, Math.min(selected, lines.length - 1));
  const discharged = statement?.admission.discharged ?? null;
  const mayCancel = (counter.user?.role === 'cashier' || counter.user?.role === 'manager') && !discharged;

  const loaded = statement !== null;
  useEffect(() => {
    if (loaded) boxRef.current?.focus();
  }, [loaded]);
  useEffect(() => {
    boxRef.current?.querySelector('tr[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  // The statement takes focus back when the 冲销 dialog closes (confirmed or cancelled), for the next ↑↓ Delete.
  useRefocusOnClose(cancelling !== null, boxRef);

  const askCancel = () => {
    const line = lines[current];
    if (!line) return;
    if (!mayCancel) setMessage({ ok: false, text: discharged ? '已出院结算，费用不能再冲销' : '只有收费员或院长/财务可以冲销费用' });
    else if (line.reversesId !== null) setMessage({ ok: false, text: `这一行是冲销记录（冲销费用 ${line.reversesId}），不能再冲销` });
    else if (reversed.has(line.id)) setMessage({ ok: false, text: `费用 ${line.id}（${line.name}）已冲销，不能重复冲销` });
    else {
      setMessage(null);
      setCancelling(line);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: lines.length - 1, PageDown: current + 10, PageUp: current - 10 };
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      setSelected(Math.max(0, Math.min(target, lines.length - 1)));
    } else if (e.key === 'Delete') {
      e.preventDefault();
      askCancel();
    }
  };

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!statement) return <p className="muted">正在读取日清单…</p>;
  const { admission } = statement;

  return (
    <div>
      <p className="hint ip-noprint">↑↓ 选择费用行，Delete 冲销所选费用（需填写原因），Ctrl+P 打印日清单；Esc 返回在院病人</p>
      {message && (
        <p className={message.ok ? 'ok-line' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="statement-message">
          {message.text}
        </p>
      )}
      {cancelling && (
        <CancelChargeDialog
          line={cancelling}
          onCancel={() => setCancelling(null)}
          onDone={(text) => {
            setMessage({ ok: true, text });
            setCancelling(null);
            onChanged();
          }}
        />
      )}
      <div ref={boxRef} tabIndex={0} className="ip-statement ip-printable" aria-label="住院日清单" data-testid="statement" onKeyDown={onKeyDown}>
        <h3 className="ip-receipt-title">{info.data?.hospitalName ?? ''} 住院费用日清单</h3>
        <p className="ip-statement-head">
          住院号 <strong>{admission.id}</strong> · 姓名 <strong>{admission.personName}</strong> · {admission.ward || '—'} {admission.bed ? `${admission.bed} 床` : ''} · 入院 {admission.admittedOn}
          {admission.diagnosis && ` · 诊断 ${admission.diagnosis}`}
          {discharged && ` · 已于 ${discharged.dischargedOn} 出院结算`}
        </p>
        {statement.days.length === 0 && <p className="muted">还没有费用。按 Alt+4 记账。</p>}
        {statement.days.map((day) => (
          <DataTable
            key={day.date}
            compact
            className="ip-day"
            testId="statement-day"
            caption={day.date}
            columns={LINE_COLUMNS}
            rows={day.lines.map((line) => ({ line, wasReversed: reversed.has(line.id) }))}
            rowKey={({ line }) => line.id}
            rowProps={({ line, wasReversed }) => {
              const index = lines.indexOf(line);
              return {
                'aria-selected': index === current,
                className: `${index === current ? 'ip-selected' : ''}${line.reversesId !== null ? ' ip-reversal' : ''}${wasReversed ? ' ip-reversed' : ''}`,
                'data-testid': 'statement-line',
                onClick: () => setSelected(index),
              };
            }}
            foot={
              <tr>
                <th colSpan={6}>{day.date} 当日合计</th>
                <th className="num" data-testid="day-total">
                  {formatYuan(day.total)}
                </th>
                <th className="ip-running">
                  累计 <span className="ip-num" data-testid="running-total">{formatYuan(day.runningTotal)}</span>
                </th>
              </tr>
            }
          />
        ))}
        <Facts
          className="ip-statement-totals"
          rows={[
            ['费用合计（元）', <span className="ip-num" data-testid="statement-total">{formatYuan(statement.chargesTotal)}</span>],
            ['已交预交金（元）', <span className="ip-num" data-testid="statement-deposits">{formatYuan(statement.depositsPaid)}</span>],
            ['预交金余额（元）', <span className="ip-num" data-testid="statement-balance">{formatYuan(statement.depositBalance)}</span>],
            !discharged && [
              '预交金余额 − 费用（元）',
              <span className={`ip-num${statement.depositBalance < statement.chargesTotal ? ' ip-red' : ''}`}>{formatYuan(subFen(statement.depositBalance, statement.chargesTotal))}</span>,
            ],
          ]}
        />
        <p className="muted ip-print-only">以上费用为医保结算前金额；出院结算时按政策分担。病人签字：__________</p>
      </div>
      <p className="ip-noprint">
        <button type="button" onClick={() => window.print()}>
          打印日清单 <kbd>Ctrl+P</kbd>
        </button>
      </p>
    </div>
  );
}

/** A statement line as its row shows it: whether a later line reversed it. */
interface LineRow {
  line: ChargeLine;
  wasReversed: boolean;
}

const LINE_COLUMNS: readonly Column<LineRow>[] = [
  { id: 'id', header: '编号', cell: ({ line }) => <span className="code">{line.id}</span> },
  { id: 'name', header: '项目', cell: ({ line }) => line.name },
  { id: 'spec', header: '规格', cell: ({ line }) => line.spec },
  { id: 'batch', header: '批号', cell: ({ line }) => line.batchNo ?? '' },
  { id: 'qty', header: '数量', num: true, cell: ({ line }) => qtyText(line.qtyMilli, line.unit) },
  { id: 'price', header: '单价（元）', num: true, cell: ({ line }) => formatYuan(line.price) },
  { id: 'amount', header: '金额（元）', num: true, cell: ({ line }) => formatYuan(line.amount) },
  {
    id: 'note',
    header: '备注',
    cell: ({ line, wasReversed }) => (
      <>
        {line.reversesId !== null && (
          <>
            <span className="ip-tag-red">冲销</span> 冲销 {line.reversesId}
            {line.reason && `：${line.reason}`}
          </>
        )}
        {wasReversed && <span className="muted">已冲销</span>}
      </>
    ),
  },
];

/** 冲销 one charge: its reason, Enter confirms, Esc cancels. The API's refusal stays in the dialog. */
function CancelChargeDialog({ line, onCancel, onDone }: { line: ChargeLine; onCancel: () => void; onDone: (text: string) => void }) {
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, field, error, busy, scopeRef, fail, submit } = useForm({ reason: '' });

  const cancel = async () => {
    const reason = values.reason.trim();
    if (!reason) {
      fail('请输入冲销原因');
      return;
    }
    const reversal = await submit(() => api['inpatient.cancelCharge']({ chargeId: line.id, reason }));
    if (reversal) onDone(`已冲销：${line.name} ${qtyText(line.qtyMilli, line.unit)}，${formatYuan(reversal.amount)} 元（原因：${reversal.reason ?? reason}）`);
  };

  // No autoFocus: the dialog focuses its first field, the reason, itself.
  return (
    <Dialog title="冲销费用" testId="cancel-charge" onCancel={onCancel}>
      <div ref={scopeRef} className="ip-cancel">
        <p>
          冲销费用 {line.id}：<strong>{line.name}</strong> {line.spec} {qtyText(line.qtyMilli, line.unit)}，{formatYuan(line.amount)} 元
          {line.batchNo && `（批号 ${line.batchNo}，药品退回该批次）`}
        </p>
        <Field label="冲销原因（Enter 确认，Esc 取消）" {...field('reason')} placeholder="如 医嘱取消" onEnter={() => void cancel()} />{' '}
        <button type="button" disabled={busy} onClick={() => void cancel()}>
          {busy ? '正在冲销…' : '确认冲销'}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          取消
        </button>
        <FormError error={error} />
      </div>
    </Dialog>
  );
}
