import { useRef, useState } from 'react';
import { formatYuan } from '../../../../shared/money';
import { DENOMINATIONS, type ShiftSummary } from '../../../../shared/shift';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { Field } from '../pharmacy/Field';
import { issuesByPath, messageOf } from '../pharmacy/format';
import { Dialog } from './Dialog';
import { differenceText } from './ShiftSummaryView';

const WHOLE = /^\d{1,6}$/;

/**
 * 交班: pieces of each denomination, the counted total live against what the drawer should hold, and a
 * note when they differ. Enter goes down the list; Enter in 说明 (or Ctrl+Enter anywhere) hands over.
 */
export function ShiftCloseDialog({
  pendingLines,
  onCancel,
  onClosed,
}: {
  /** Lines of a bill not yet settled: they are dropped when the shift closes. */
  pendingLines: number;
  onCancel: () => void;
  onClosed: (summary: ShiftSummary) => void;
}) {
  // Read again now: the bar's copy may be a settlement old.
  const current = useApiCall(() => api['shift.current'](), 'close-shift');
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteRef = useRef<HTMLInputElement>(null);

  const pieces = (fen: number) => {
    const text = (counts[String(fen)] ?? '').trim();
    return WHOLE.test(text) ? Number(text) : 0;
  };
  const counted = DENOMINATIONS.reduce((sum, d) => sum + d.fen * pieces(d.fen), 0);
  const expected = current.data?.expectedCash ?? null;
  const difference = expected === null ? null : counted - expected;

  const submit = async () => {
    if (busy) return;
    const found: Record<string, string> = {};
    for (const d of DENOMINATIONS) {
      const text = (counts[String(d.fen)] ?? '').trim();
      if (text && !WHOLE.test(text)) found[`counts.${d.fen}`] = '张数应为整数';
    }
    if (difference !== null && difference !== 0 && !note.trim()) found.note = `${differenceText(difference)}：请写明原因`;
    if (Object.keys(found).length > 0) {
      setIssues(found);
      setError('请更正标红的内容');
      if (found.note) noteRef.current?.focus();
      return;
    }
    const payload: Record<string, number> = {};
    for (const d of DENOMINATIONS) if (pieces(d.fen) > 0) payload[String(d.fen)] = pieces(d.fen);
    setBusy(true);
    try {
      onClosed(await api['shift.close']({ counts: payload, note: note.trim() }));
    } catch (e) {
      setIssues(issuesByPath(e));
      setError(messageOf(e));
      if (issuesByPath(e).note) noteRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="交班 · 清点钱箱" testId="close-dialog" onCancel={onCancel} wide>
      <div
        data-keyscope
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.ctrlKey) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        {current.error && <p className="error" role="alert">{current.error}</p>}
        {pendingLines > 0 && <p className="warn">当前账单还有 {pendingLines} 项未结算：交班后将清空（Esc 返回继续收费）。</p>}
        <p className="hint">逐项输入张数（枚数），Enter 下一项；最后在「说明」按 Enter 交班（Ctrl+Enter 随时交班）。</p>
        <div className="close-layout">
          <table className="grid compact count-table">
            <thead>
              <tr><th>面额</th><th>张数</th><th className="num">金额（元）</th></tr>
            </thead>
            <tbody>
              {DENOMINATIONS.map((d, i) => (
                <tr key={d.fen}>
                  <td>{d.label}</td>
                  <td>
                    <Field
                      bare
                      label={`${d.label}张数`}
                      className="short"
                      value={counts[String(d.fen)] ?? ''}
                      onChange={(v) => {
                        setCounts((all) => ({ ...all, [String(d.fen)]: v }));
                        setError(null);
                      }}
                      error={issues[`counts.${d.fen}`]}
                      autoFocus={i === 0}
                    />
                  </td>
                  <td className="num" data-testid={`count-subtotal-${d.fen}`}>{formatYuan(d.fen * pieces(d.fen))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="close-totals">
            <table className="facts big-facts">
              <tbody>
                <tr><th>实点现金</th><td className="num" data-testid="counted-total">{formatYuan(counted)}</td></tr>
                <tr><th>应有现金</th><td className="num" data-testid="expected-cash">{expected === null ? '…' : formatYuan(expected)}</td></tr>
                <tr>
                  <th>差额</th>
                  <td className={`num ${difference ? 'disagree' : 'agree'}`} data-testid="cash-difference">
                    {difference === null ? '…' : `${formatYuan(difference)}（${differenceText(difference)}）`}
                  </td>
                </tr>
              </tbody>
            </table>
            {current.data && (
              <p className="muted">
                备用金 {formatYuan(current.data.float)} 元 + 本班现金净收 {formatYuan(current.data.byMethod.cash ?? 0)} 元；结算 {current.data.settlements} 笔，退费{' '}
                {current.data.refunds} 笔
              </p>
            )}
            <Field
              label={difference ? '说明（有差额，必须填写）' : '说明'}
              value={note}
              onChange={(v) => {
                setNote(v);
                setIssues((all) => ({ ...all, note: '' }));
              }}
              path="note"
              error={issues.note || undefined}
              inputRef={noteRef}
              onEnter={() => void submit()}
            />
            {error && <p className="error" role="alert" data-testid="close-error">{error}</p>}
            <p>
              <button type="button" disabled={busy || expected === null} onClick={() => void submit()}>
                交班 <kbd>Ctrl+Enter</kbd>
              </button>{' '}
              <button type="button" onClick={onCancel}>取消 <kbd>Esc</kbd></button>
            </p>
          </div>
        </div>
      </div>
    </Dialog>
  );
}
