import { fen } from '../../../../shared/money';
import { DENOMINATIONS, type ShiftSummary } from '../../../../shared/shift';
import { api } from '../../api';
import { DataTable, Dialog, Field, FormError, formatYuan, useApi, useForm, type Column, FactTable } from '../../kit';
import { differenceText } from './ShiftSummaryView';

const WHOLE = /^\d{1,6}$/;

type Denomination = (typeof DENOMINATIONS)[number];

/** Pieces typed for a denomination; anything but a whole number counts as none (and is refused on 交班). */
function piecesOf(counts: Record<string, string>, d: Denomination): number {
  const text = (counts[String(d.fen)] ?? '').trim();
  return WHOLE.test(text) ? Number(text) : 0;
}

/** A denomination's row: its count field, bound to the form. */
interface CountRow {
  d: Denomination;
  first: boolean;
  value: string;
  error: string | undefined;
  pieces: number;
  onChange: (value: string) => void;
}

// Module-level: the count fields keep focus while the cashier types only if the columns stay the same.
const COUNT_COLUMNS: Column<CountRow>[] = [
  { id: 'label', header: '面额', cell: (r) => r.d.label },
  {
    id: 'count',
    header: '张数',
    cell: (r) => <Field bare label={`${r.d.label}张数`} className="short" value={r.value} onChange={r.onChange} error={r.error} autoFocus={r.first} />,
  },
  {
    id: 'amount',
    header: '金额（元）',
    num: true,
    cell: (r) => <span data-testid={`count-subtotal-${r.d.fen}`}>{formatYuan(fen(r.d.fen * r.pieces))}</span>,
  },
];

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
  // Read again now, and counted against only once answered: the bar's copy may be a settlement old.
  const current = useApi('shift.current', {});
  const shift = current.loading ? null : current.data;
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, set, issues, error, busy, scopeRef, fail, submit: send, clearIssues } = useForm<{ counts: Record<string, string>; note: string }>({ counts: {}, note: '' });
  const { counts, note } = values;

  const counted = fen(DENOMINATIONS.reduce((sum, d) => sum + d.fen * piecesOf(counts, d), 0));
  const expected = shift?.expectedCash ?? null;
  const difference = expected === null ? null : fen(counted - expected);

  const submit = async () => {
    if (busy) return;
    const found: Record<string, string> = {};
    for (const d of DENOMINATIONS) {
      const text = (counts[String(d.fen)] ?? '').trim();
      if (text && !WHOLE.test(text)) found[`counts.${d.fen}`] = '张数应为整数';
    }
    if (difference !== null && difference !== 0 && !note.trim()) found.note = `${differenceText(difference)}：请写明原因`;
    if (Object.keys(found).length > 0) {
      // Focus goes to 说明 when it is what is missing (the count fields answer to no API path).
      fail('请更正标红的内容', found);
      return;
    }
    const payload: Record<string, number> = {};
    for (const d of DENOMINATIONS) if (piecesOf(counts, d) > 0) payload[String(d.fen)] = piecesOf(counts, d);
    const summary = await send(() => api['shift.close']({ counts: payload, note: note.trim() }));
    if (summary) onClosed(summary);
  };

  const rows: CountRow[] = DENOMINATIONS.map((d, i) => ({
    d,
    first: i === 0,
    value: counts[String(d.fen)] ?? '',
    error: issues[`counts.${d.fen}`],
    pieces: piecesOf(counts, d),
    // Editing a count drops its own complaint (the sentence stays until 交班 is asked again).
    onChange: (v) => {
      set({ counts: { ...counts, [String(d.fen)]: v } });
      clearIssues([`counts.${d.fen}`]);
    },
  }));

  return (
    <Dialog title="交班 · 清点钱箱" testId="close-dialog" onCancel={onCancel} wide>
      <div
        ref={scopeRef}
        data-keyscope
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.ctrlKey) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        {current.error && (
          <p className="error" role="alert">
            {current.error}
          </p>
        )}
        {pendingLines > 0 && <p className="warn">当前账单还有 {pendingLines} 项未结算：交班后将清空（Esc 返回继续收费）。</p>}
        <p className="hint">逐项输入张数（枚数），Enter 下一项；最后在「说明」按 Enter 交班（Ctrl+Enter 随时交班）。</p>
        <div className="close-layout">
          <DataTable columns={COUNT_COLUMNS} rows={rows} rowKey={(r) => r.d.fen} compact className="count-table" />
          <div className="close-totals">
            <FactTable
              className="big-facts"
              rows={[
                { label: '实点现金', value: formatYuan(counted), num: true, testId: 'counted-total' },
                { label: '应有现金', value: expected === null ? '…' : formatYuan(expected), num: true, testId: 'expected-cash' },
                {
                  label: '差额',
                  value: difference === null ? '…' : `${formatYuan(difference)}（${differenceText(difference)}）`,
                  num: true,
                  valueClass: difference ? 'disagree' : 'agree',
                  testId: 'cash-difference',
                },
              ]}
            />
            {shift && (
              <p className="muted">
                备用金 {formatYuan(shift.float)} 元 + 本班现金净收 {formatYuan(shift.byMethod.cash ?? fen(0))} 元；结算 {shift.settlements} 笔，退费{' '}
                {shift.refunds} 笔
              </p>
            )}
            <Field
              label={difference ? '说明（有差额，必须填写）' : '说明'}
              value={note}
              onChange={(v) => set({ note: v })}
              path="note"
              error={issues.note}
              onEnter={() => void submit()}
            />
            <FormError error={error} testId="close-error" />
            <p>
              <button type="button" disabled={busy || expected === null} onClick={() => void submit()}>
                交班 <kbd>Ctrl+Enter</kbd>
              </button>{' '}
              <button type="button" onClick={onCancel}>
                取消 <kbd>Esc</kbd>
              </button>
            </p>
          </div>
        </div>
      </div>
    </Dialog>
  );
}
