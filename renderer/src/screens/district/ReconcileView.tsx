import { useEffect, useRef, useState } from 'react';
import { RECONCILE_FIELD_NAMES, RECONCILE_FIELDS, type DetailLine, type DetailMismatch } from '../../../../shared/district/protocol';
import type { ReconcileReport, ReconcileTotals } from '../../../../shared/district/types';
import { formatYuan } from '../../../../shared/money';
import { api } from '../../api';
import { Field } from '../pharmacy/Field';
import { focusPath, issuesByPath, messageOf, normalizeDate } from '../pharmacy/format';
import { savePdf } from '../reports/pdf';
import { MISMATCH_NAMES, REC_TYPE_NAMES, thisMonthToToday } from './districtFormat';


const ROWS: { key: keyof ReconcileTotals; label: string; money: boolean }[] = [
  { key: 'count', label: '笔数', money: false },
  ...RECONCILE_FIELDS.map((f) => ({ key: f, label: RECONCILE_FIELD_NAMES[f], money: true })),
];

/**
 * 对账 (院长/财务): 对总账 and 对明细账 with the centre over business dates (default this month to today).
 * Enter goes from 开始日期 to 结束日期 and runs it there.
 */
export function ReconcileView() {
  const [dates, setDates] = useState(thisMonthToToday);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ReconcileReport | null>(null);
  const scope = useRef<HTMLFormElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  const [printing, setPrinting] = useState(false);
  const [printed, setPrinted] = useState<string | null>(null);

  /** The 对账单 is reconciled afresh by the main process, so the paper says what both sides hold now. */
  const savePdfOf = async (shown: ReconcileReport) => {
    if (printing) return;
    setPrinting(true);
    setPrinted(null);
    try {
      const file = await api['district.reconcilePdf']({ from: shown.from, to: shown.to });
      savePdf(file);
      setPrinted(`已生成 ${file.fileName}`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setPrinting(false);
    }
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && event.key.toLowerCase() === 'p' && report) {
        event.preventDefault();
        void savePdfOf(report);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const run = async () => {
    if (busy) return;
    const from = normalizeDate(dates.from);
    const to = normalizeDate(dates.to);
    setDates({ from, to });
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      setReport(await api['district.reconcile']({ from, to }));
    } catch (e) {
      const byPath = issuesByPath(e);
      setProblems(byPath);
      setError(Object.keys(byPath).length > 0 ? '日期有误，请按提示更正' : messageOf(e));
      setReport(null);
      focusPath(scope.current, Object.keys(byPath));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="district-reconcile-view">
      <form
        ref={scope}
        className="form-row"
        data-keyscope
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <Field label="开始日期" value={dates.from} onChange={(v) => setDates((d) => ({ ...d, from: v }))} path="from" error={problems.from} inputRef={firstRef} className="short-date" />
        <Field label="结束日期" value={dates.to} onChange={(v) => setDates((d) => ({ ...d, to: v }))} path="to" error={problems.to} onEnter={() => void run()} className="short-date" />
        <span className="district-run">
          <button type="submit" disabled={busy} data-testid="district-reconcile-run">
            对账 <kbd>Enter</kbd>
          </button>
        </span>
      </form>
      <p className="hint">按业务日期对总账（笔数与各项金额）和对明细账（逐笔收据号）；退费计为 −1 笔、金额为负。</p>
      {busy && <p className="muted">正在与医保中心对账…</p>}
      {error && (
        <p className="error" role="alert" data-testid="district-reconcile-error">
          {error}
        </p>
      )}
      {report && (
        <p className="form-row">
          <button type="button" disabled={printing} onClick={() => void savePdfOf(report)} data-testid="district-reconcile-pdf">
            保存对账单 PDF <kbd>Alt+P</kbd>
          </button>
          {printed && (
            <span className="muted" data-testid="district-reconcile-pdf-done">
              {printed}
            </span>
          )}
        </p>
      )}
      {report && <ReconcileResult report={report} />}
    </div>
  );
}

function ReconcileResult({ report }: { report: ReconcileReport }) {
  const agree = report.totalsAgree && report.detailsAgree;
  return (
    <div data-testid="district-reconcile-result">
      <p className={agree ? 'ok-line' : 'error'} role="status">
        <strong className={agree ? 'agree' : 'disagree'} data-testid="district-reconcile-verdict">
          {agree ? '一致' : '不一致'}
        </strong>{' '}
        <span data-testid="district-reconcile-summary">{report.summary}</span>
      </p>
      {(report.pending > 0 || report.rejected > 0) && (
        <p className="warn" data-testid="district-reconcile-why">
          {report.pending > 0 && `本期有 ${report.pending} 笔尚未得到中心答复（上传后再对账）。`}
          {report.rejected > 0 && `本期有 ${report.rejected} 笔被中心拒付（见「拒付处理」）。`}
        </p>
      )}
      <h4>
        对总账 <span className="muted">（{report.from} 至 {report.to}）</span>
      </h4>
      <table className="grid compact district-totals" data-testid="district-reconcile-totals">
        <thead>
          <tr>
            <th>项目</th><th className="num">本机</th><th className="num">中心</th><th className="num">差额（本机 − 中心）</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => {
            const local = report.local[row.key];
            const centre = report.centre[row.key];
            const differs = local !== centre;
            const show = (n: number) => (row.money ? formatYuan(n) : String(n));
            return (
              <tr key={row.key} data-testid={`district-total-${row.key}`} data-differs={differs}>
                <th>{row.label}</th>
                <td className={`num${differs ? ' district-diff' : ''}`}>{show(local)}</td>
                <td className={`num${differs ? ' district-diff' : ''}`}>{show(centre)}</td>
                <td className={`num${differs ? ' district-diff' : ''}`}>{differs ? show(local - centre) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h4>对明细账</h4>
      {report.mismatches.length === 0 ? (
        <p className="agree" data-testid="district-mismatches-none">
          逐笔一致
        </p>
      ) : (
        <table className="grid compact" data-testid="district-mismatches">
          <thead>
            <tr>
              <th>收据号</th><th>类型</th><th>差异</th><th className="num">本机 医疗总费用</th><th className="num">中心 医疗总费用</th><th className="num">本机 基金支付</th>
              <th className="num">中心 基金支付</th>
            </tr>
          </thead>
          <tbody>
            {report.mismatches.map((m) => (
              <MismatchRow key={`${m.setl_id}-${m.kind}-${(m.local ?? m.centre)?.rec_type ?? ''}`} mismatch={m} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function MismatchRow({ mismatch: m }: { mismatch: DetailMismatch }) {
  const type = (m.local ?? m.centre)?.rec_type;
  const amount = (line: DetailLine | undefined, key: 'medfee_sumamt' | 'fund_pay_sumamt') => (line ? formatYuan(line[key]) : '—');
  const differs = (key: 'medfee_sumamt' | 'fund_pay_sumamt') => (m.local && m.centre && m.local[key] !== m.centre[key] ? ' district-diff' : '');
  return (
    <tr data-testid="district-mismatch" data-kind={m.kind}>
      <td className="code">{m.setl_id}</td>
      <td>{type ? REC_TYPE_NAMES[type] : '—'}</td>
      <td className="loss">{MISMATCH_NAMES[m.kind]}</td>
      <td className={`num${differs('medfee_sumamt')}`}>{amount(m.local, 'medfee_sumamt')}</td>
      <td className={`num${differs('medfee_sumamt')}`}>{amount(m.centre, 'medfee_sumamt')}</td>
      <td className={`num${differs('fund_pay_sumamt')}`}>{amount(m.local, 'fund_pay_sumamt')}</td>
      <td className={`num${differs('fund_pay_sumamt')}`}>{amount(m.centre, 'fund_pay_sumamt')}</td>
    </tr>
  );
}
