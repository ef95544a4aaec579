import { useState } from 'react';
import { fen, ZERO_FEN } from '../../../../shared/money';
import type { IndicatorRow, MonthlyReport, PdfFile } from '../../../../shared/reports-daily';
import { api } from '../../api';
import { DataTable, Field, FormError, formatBp, formatChangeBp, formatIndicator, formatIndicatorChange, formatQty, formatYuan, todayText, useAltKeys, useApi, useApiCall, useForm, type Column } from '../../kit';
import { MonthlyChart, type ChartPoint } from './MonthlyChart';
import { monthBefore, pdfFacts, savePdf, sizeText } from './pdf';

const INDICATOR_COLUMNS: Column<IndicatorRow>[] = [
  { id: 'label', header: '指标', cell: (row) => row.label },
  { id: 'outpatient', header: '门诊', num: true, cell: (row) => formatIndicator(row.kind, row.outpatient) },
  { id: 'inpatient', header: '住院', num: true, cell: (row) => formatIndicator(row.kind, row.inpatient) },
  { id: 'total', header: '合计', num: true, cell: (row) => formatIndicator(row.kind, row.total) },
  { id: 'previous', header: '上月合计', num: true, cell: (row) => formatIndicator(row.kind, row.previousTotal) },
  // A fall shows in red.
  { id: 'change', header: '环比', num: true, cell: (row) => <span className={row.change !== null && row.change < 0 ? 'rp-down' : undefined}>{formatIndicatorChange(row.kind, row.change)}</span> },
];

const FUND_COLUMNS: Column<MonthlyReport['funds'][number]>[] = [
  { id: 'label', header: '项目', cell: (f) => f.label },
  { id: 'amount', header: '本月', num: true, cell: (f) => formatYuan(f.amount) },
  { id: 'previous', header: '上月', num: true, cell: (f) => formatYuan(f.previous) },
  { id: 'change', header: '环比', num: true, cell: (f) => formatChangeBp(f.change) },
];

const TOP_DRUG_COLUMNS: Column<MonthlyReport['current']['topDrugs'][number]>[] = [
  { id: 'rank', header: '序', num: true, cell: (d) => d.rank },
  { id: 'code', header: '编码', cell: (d) => d.itemCode },
  { id: 'name', header: '药品', cell: (d) => d.name },
  { id: 'spec', header: '规格', cell: (d) => d.spec },
  { id: 'essential', header: '基药', cell: (d) => (d.essential ? '是' : '否') },
  { id: 'qty', header: '数量', num: true, cell: (d) => <>{formatQty(d.qtyMilli)}{d.unit}</> },
  { id: 'amount', header: '金额（元）', num: true, cell: (d) => formatYuan(d.amount) },
  { id: 'share', header: '占药品金额', num: true, cell: (d) => formatBp(d.shareBp) },
];

/** The month's 人次 and 次均费用 (fen) for the chart. */
function pointOf(report: MonthlyReport): ChartPoint {
  const t = report.current.total;
  return { month: report.month, visits: t.visits, perVisit: t.visits > 0 ? fen(Math.round(t.medfee / t.visits)) : ZERO_FEN };
}

/**
 * 月报 (manager): a month (default this month; Enter runs it), the indicators with last month and the change,
 * the fund layers, the top drugs, the definitions, Alt+P 保存 PDF and the last six months in a small chart.
 */
export function MonthlyView({ active }: { active: boolean }) {
  const form = useForm(() => ({ month: todayText().slice(0, 7) }));
  // Taken out of the form: with `ref={form.scopeRef}` the hooks lint reads every form.* as a ref.
  const { scopeRef } = form;
  const [month, setMonth] = useState(form.values.month);
  const report = useApi('reports.monthly', { month });
  const history = useApiCall(
    () => Promise.all([5, 4, 3, 2, 1, 0].map((n) => api['reports.monthly']({ month: monthBefore(month, n) }).then(pointOf))),
    `history-${month}`,
  );
  const [pdf, setPdf] = useState<{ file: PdfFile; for: string } | null>(null);

  const run = () => {
    form.clear();
    const next = form.values.month.trim();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(next)) {
      form.fail('月份应为 yyyy-mm', {});
      return;
    }
    setMonth(next);
  };
  const save = () => {
    void form.submit(() => api['reports.monthlyPdf']({ month })).then((file) => {
      if (!file) return;
      savePdf(file);
      setPdf({ file, for: month });
    });
  };
  useAltKeys(active, { p: save });

  const r = report.data;
  return (
    <div ref={scopeRef} data-keyscope data-testid="monthly-view">
      <div className="form-row">
        <Field label="月份" {...form.field('month')} placeholder="yyyy-mm" autoFocus={active} onEnter={run} />
        <button onClick={run}>查询</button>
        <button onClick={save} disabled={form.busy} data-testid="monthly-save-pdf">
          <kbd>Alt+P</kbd> 保存 PDF
        </button>
        <span className="muted">改月份后按 Enter 重新统计</span>
        {form.busy && <span className="muted">正在生成 PDF…</span>}
      </div>
      <FormError error={form.error} />
      {pdf && pdf.for === month && (
        <p className="rp-pdf" data-testid="monthly-pdf-status">
          已保存 PDF：<strong data-testid="monthly-pdf-name">{pdf.file.fileName}</strong>（{sizeText(pdfFacts(pdf.file).bytes)}）
        </p>
      )}
      {report.error && <p className="error" role="alert">{report.error}</p>}
      {report.loading && !r && <p className="muted">正在统计…</p>}
      {r && (
        <>
          <header className="rp-sheet-head">
            <h3>{r.title}</h3>
            <p>
              {r.hospital} · {r.current.from} 至 {r.current.to} · 对比 {r.previousMonth} · 生成于 {r.generatedAt}
            </p>
          </header>
          <section className="report-section" tabIndex={0} aria-label="主要指标" data-testid="monthly-indicators">
            <h3>主要指标</h3>
            <DataTable columns={INDICATOR_COLUMNS} rows={r.indicators} rowKey={(row) => row.key} rowProps={(row) => ({ 'data-testid': `indicator-${row.key}` })} />
          </section>
          <div className="rp-two">
            <section className="report-section" tabIndex={0} aria-label="基金支付" data-testid="monthly-funds">
              <h3>基金支付（元）</h3>
              <DataTable columns={FUND_COLUMNS} rows={r.funds} rowKey={(f) => f.key} />
            </section>
            <section className="report-section" tabIndex={0} aria-label="近六个月" data-testid="monthly-chart">
              <h3>近六个月人次与次均费用</h3>
              {history.error && <p className="error" role="alert">{history.error}</p>}
              {history.data ? <MonthlyChart points={history.data} /> : !history.error && <p className="muted">正在统计…</p>}
            </section>
          </div>
          <section className="report-section" tabIndex={0} aria-label="药品金额前列" data-testid="monthly-top-drugs">
            <h3>药品金额前列</h3>
            <DataTable columns={TOP_DRUG_COLUMNS} rows={r.current.topDrugs} rowKey={(d) => d.itemCode} empty={<p className="muted">本月没有药品销售。</p>} />
          </section>
          {r.definitions.length > 0 && (
            <ol className="rp-notes" data-testid="monthly-definitions">
              {r.definitions.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}
