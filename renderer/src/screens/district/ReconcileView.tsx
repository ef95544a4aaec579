import { useState } from 'react';
import { RECONCILE_FIELD_NAMES, RECONCILE_FIELDS, type DetailLine, type DetailMismatch } from '../../../../shared/district/protocol';
import type { ReconcileReport, ReconcileTotals } from '../../../../shared/district/types';
import { fen } from '../../../../shared/money';
import { api } from '../../api';
import { DataTable, Field, formatYuan, messageOf, normalizeDate, useAltKeys, useForm, type Column } from '../../kit';
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
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, issues, busy, scopeRef, field, set, fail, submit, error: refusal } = useForm(thisMonthToToday);
  const [report, setReport] = useState<ReconcileReport | null>(null);
  const [printing, setPrinting] = useState(false);
  const [printed, setPrinted] = useState<string | null>(null);
  // With the dates' errors under them, the line below only says so (the API's sentence names paths).
  const error = Object.keys(issues).length > 0 ? '日期有误，请按提示更正' : refusal;

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
      fail(messageOf(e), {});
    } finally {
      setPrinting(false);
    }
  };
  useAltKeys(report !== null, { p: () => void (report && savePdfOf(report)) });

  const run = async () => {
    if (busy) return;
    // The dates as the server reads them (20261101 → 2026-11-01), shown back in the fields.
    const from = normalizeDate(values.from);
    const to = normalizeDate(values.to);
    set({ from, to });
    await submit(async () => {
      try {
        setReport(await api['district.reconcile']({ from, to }));
      } catch (e) {
        setReport(null);
        throw e;
      }
    });
  };

  return (
    <div data-testid="district-reconcile-view" ref={scopeRef}>
      <form
        className="form-row"
        data-keyscope
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <Field label="开始日期" {...field('from')} autoFocus className="short-date" />
        <Field label="结束日期" {...field('to')} onEnter={() => void run()} className="short-date" />
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
      <DataTable columns={TOTAL_COLUMNS} rows={totalRows(report)} rowKey={(r) => r.key} compact className="district-totals" testId="district-reconcile-totals" rowProps={(r) => ({ 'data-testid': `district-total-${r.key}`, 'data-differs': r.differs })} />
      <h4>对明细账</h4>
      {report.mismatches.length === 0 ? (
        <p className="agree" data-testid="district-mismatches-none">
          逐笔一致
        </p>
      ) : (
        <DataTable
          columns={MISMATCH_COLUMNS}
          rows={report.mismatches}
          rowKey={(m) => `${m.setl_id}-${m.kind}-${(m.local ?? m.centre)?.rec_type ?? ''}`}
          compact
          testId="district-mismatches"
          rowProps={(m) => ({ 'data-testid': 'district-mismatch', 'data-kind': m.kind })}
        />
      )}
    </div>
  );
}

interface TotalRow {
  key: string;
  label: string;
  local: string;
  centre: string;
  difference: string;
  differs: boolean;
}

/** 对总账, row by row: both sides' figures and their difference, in yuan or as a count. */
function totalRows(report: ReconcileReport): TotalRow[] {
  return ROWS.map((row) => {
    const local = report.local[row.key];
    const centre = report.centre[row.key];
    const show = (n: number) => (row.money ? formatYuan(fen(n)) : String(n));
    return { key: row.key, label: row.label, local: show(local), centre: show(centre), difference: local !== centre ? show(local - centre) : '—', differs: local !== centre };
  });
}

const diffCell = (r: TotalRow) => ({ className: r.differs ? 'district-diff' : undefined });
const TOTAL_COLUMNS: Column<TotalRow>[] = [
  { id: 'label', header: '项目', rowHeader: true, cell: (r) => r.label },
  { id: 'local', header: '本机', num: true, cell: (r) => r.local, cellProps: diffCell },
  { id: 'centre', header: '中心', num: true, cell: (r) => r.centre, cellProps: diffCell },
  { id: 'difference', header: '差额（本机 − 中心）', num: true, cell: (r) => r.difference, cellProps: diffCell },
];

type AmountKey = 'medfee_sumamt' | 'fund_pay_sumamt';
const amountOf = (line: DetailLine | undefined, key: AmountKey) => (line ? formatYuan(line[key]) : '—');
/** The amounts that differ between the two sides are marked cell by cell. */
const differsOn = (key: AmountKey) => (m: DetailMismatch) => ({ className: m.local && m.centre && m.local[key] !== m.centre[key] ? 'district-diff' : undefined });
const MISMATCH_COLUMNS: Column<DetailMismatch>[] = [
  { id: 'setl', header: '收据号', className: 'code', cell: (m) => m.setl_id },
  { id: 'type', header: '类型', cell: (m) => { const type = (m.local ?? m.centre)?.rec_type; return type ? REC_TYPE_NAMES[type] : '—'; } },
  { id: 'kind', header: '差异', cell: (m) => MISMATCH_NAMES[m.kind], cellProps: () => ({ className: 'loss' }) },
  { id: 'localFee', header: '本机 医疗总费用', num: true, cell: (m) => amountOf(m.local, 'medfee_sumamt'), cellProps: differsOn('medfee_sumamt') },
  { id: 'centreFee', header: '中心 医疗总费用', num: true, cell: (m) => amountOf(m.centre, 'medfee_sumamt'), cellProps: differsOn('medfee_sumamt') },
  { id: 'localFund', header: '本机 基金支付', num: true, cell: (m) => amountOf(m.local, 'fund_pay_sumamt'), cellProps: differsOn('fund_pay_sumamt') },
  { id: 'centreFund', header: '中心 基金支付', num: true, cell: (m) => amountOf(m.centre, 'fund_pay_sumamt'), cellProps: differsOn('fund_pay_sumamt') },
];
