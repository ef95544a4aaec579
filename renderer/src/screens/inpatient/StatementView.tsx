import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChargeLine, DailyStatement } from '../../../../shared/inpatient';
import { formatYuan } from '../../../../shared/money';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { Field } from '../pharmacy/Field';
import { messageOf, qtyText } from '../pharmacy/format';
import type { CounterState } from './ShiftNotice';

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
  const info = useApiCall(() => api['system.info'](), 'info');
  const [selected, setSelected] = useState(0);
  const [cancelling, setCancelling] = useState<ChargeLine | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
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

  const askCancel = () => {
    const line = lines[current];
    if (!line) return;
    if (!mayCancel) setMessage({ ok: false, text: discharged ? '已出院结算，费用不能再冲销' : '只有收费员或院长/财务可以冲销费用' });
    else if (line.reversesId !== null) setMessage({ ok: false, text: `这一行是冲销记录（冲销费用 ${line.reversesId}），不能再冲销` });
    else if (reversed.has(line.id)) setMessage({ ok: false, text: `费用 ${line.id}（${line.name}）已冲销，不能重复冲销` });
    else {
      setMessage(null);
      setReason('');
      setCancelling(line);
    }
  };

  const closeCancel = () => {
    setCancelling(null);
    boxRef.current?.focus();
  };

  const cancel = async () => {
    if (!cancelling || busy) return;
    if (!reason.trim()) {
      setMessage({ ok: false, text: '请输入冲销原因' });
      return;
    }
    setBusy(true);
    try {
      const reversal = await api['inpatient.cancelCharge']({ chargeId: cancelling.id, reason: reason.trim() });
      setMessage({ ok: true, text: `已冲销：${cancelling.name} ${qtyText(cancelling.qtyMilli, cancelling.unit)}，${formatYuan(reversal.amount)} 元（原因：${reversal.reason ?? reason}）` });
      setCancelling(null);
      onChanged();
      boxRef.current?.focus();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
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
        <div
          className="confirm ip-cancel"
          data-keyscope
          data-testid="cancel-charge"
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !e.nativeEvent.defaultPrevented) {
              e.preventDefault();
              e.stopPropagation();
              closeCancel();
            }
          }}
        >
          <p>
            冲销费用 {cancelling.id}：<strong>{cancelling.name}</strong> {cancelling.spec} {qtyText(cancelling.qtyMilli, cancelling.unit)}，{formatYuan(cancelling.amount)} 元
            {cancelling.batchNo && `（批号 ${cancelling.batchNo}，药品退回该批次）`}
          </p>
          <Field label="冲销原因（Enter 确认，Esc 取消）" value={reason} onChange={setReason} path="reason" placeholder="如 医嘱取消" autoFocus onEnter={() => void cancel()} />{' '}
          <button type="button" disabled={busy} onClick={() => void cancel()}>
            {busy ? '正在冲销…' : '确认冲销'}
          </button>{' '}
          <button type="button" onClick={closeCancel}>
            取消
          </button>
        </div>
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
          <table className="grid compact ip-day" key={day.date} data-testid="statement-day">
            <thead>
              <tr className="ip-day-head">
                <th colSpan={8}>{day.date}</th>
              </tr>
              <tr>
                <th>编号</th><th>项目</th><th>规格</th><th>批号</th><th className="num">数量</th><th className="num">单价（元）</th><th className="num">金额（元）</th><th>备注</th>
              </tr>
            </thead>
            <tbody>
              {day.lines.map((line) => {
                const index = lines.indexOf(line);
                const isReversal = line.reversesId !== null;
                const wasReversed = reversed.has(line.id);
                return (
                  <tr
                    key={line.id}
                    aria-selected={index === current}
                    className={`${index === current ? 'ip-selected' : ''}${isReversal ? ' ip-reversal' : ''}${wasReversed ? ' ip-reversed' : ''}`}
                    data-testid="statement-line"
                    onClick={() => setSelected(index)}
                  >
                    <td className="code">{line.id}</td>
                    <td>{line.name}</td>
                    <td>{line.spec}</td>
                    <td>{line.batchNo ?? ''}</td>
                    <td className="num">{qtyText(line.qtyMilli, line.unit)}</td>
                    <td className="num">{formatYuan(line.price)}</td>
                    <td className="num">{formatYuan(line.amount)}</td>
                    <td>
                      {isReversal && (
                        <>
                          <span className="ip-tag-red">冲销</span> 冲销 {line.reversesId}
                          {line.reason && `：${line.reason}`}
                        </>
                      )}
                      {wasReversed && <span className="muted">已冲销</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={6}>
                  {day.date} 当日合计
                </th>
                <th className="num" data-testid="day-total">
                  {formatYuan(day.total)}
                </th>
                <th className="ip-running">
                  累计 <span className="ip-num" data-testid="running-total">{formatYuan(day.runningTotal)}</span>
                </th>
              </tr>
            </tfoot>
          </table>
        ))}
        <table className="facts ip-statement-totals">
          <tbody>
            {(
              [
                ['费用合计（元）', 'statement-total', statement.chargesTotal],
                ['已交预交金（元）', 'statement-deposits', statement.depositsPaid],
                ['预交金余额（元）', 'statement-balance', statement.depositBalance],
              ] as const
            ).map(([label, testId, amount]) => (
              <tr key={testId}>
                <th>{label}</th>
                <td className="ip-num" data-testid={testId}>
                  {formatYuan(amount)}
                </td>
              </tr>
            ))}
            {!discharged && (
              <tr>
                <th>预交金余额 − 费用（元）</th>
                <td className={`ip-num${statement.depositBalance < statement.chargesTotal ? ' ip-red' : ''}`}>{formatYuan(statement.depositBalance - statement.chargesTotal)}</td>
              </tr>
            )}
          </tbody>
        </table>
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
