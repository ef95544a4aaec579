import { useState } from 'react';
import { localDate } from '../../../../shared/dates';
import { formatYuan } from '../../../../shared/money';
import { formatQty } from '../../../../shared/quantity';
import type { MonthlyReport, PdfFile } from '../../../../shared/reports-daily';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { Field } from '../pharmacy/Field';
import { useAltKeys } from './keys';
import { MonthlyChart, type ChartPoint } from './MonthlyChart';
import { formatBp, formatChangeBp, formatIndicator, formatIndicatorChange } from '../../../../shared/format';
import { monthBefore, pdfFacts, savePdf, sizeText } from './pdf';

/** The month's 人次 and 次均费用 (fen) for the chart. */
function pointOf(report: MonthlyReport): ChartPoint {
  const t = report.current.total;
  return { month: report.month, visits: t.visits, perVisit: t.visits > 0 ? Math.round(t.medfee / t.visits) : 0 };
}

/**
 * 月报 (manager): a month (default this month; Enter runs it), the indicators with last month and the change,
 * the fund layers, the top drugs, the definitions, Alt+P 保存 PDF and the last six months in a small chart.
 */
export function MonthlyView({ active }: { active: boolean }) {
  const thisMonth = localDate(new Date()).slice(0, 7);
  const [typed, setTyped] = useState(thisMonth);
  const [month, setMonth] = useState(thisMonth);
  const report = useApiCall(() => api['reports.monthly']({ month }), month);
  const history = useApiCall(
    () => Promise.all([5, 4, 3, 2, 1, 0].map((n) => api['reports.monthly']({ month: monthBefore(month, n) }).then(pointOf))),
    `history-${month}`,
  );
  const [pdf, setPdf] = useState<{ file: PdfFile; for: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = () => {
    setError(null);
    const next = typed.trim();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(next)) {
      setError('月份应为 yyyy-mm');
      return;
    }
    setMonth(next);
  };
  const save = () => {
    setBusy(true);
    setError(null);
    api['reports.monthlyPdf']({ month })
      .then(
        (file) => {
          savePdf(file);
          setPdf({ file, for: month });
        },
        (e: unknown) => setError((e as Error).message),
      )
      .finally(() => setBusy(false));
  };
  useAltKeys(active, { p: save });

  const r = report.data;
  return (
    <div data-keyscope data-testid="monthly-view">
      <div className="form-row">
        <Field label="月份" value={typed} onChange={setTyped} path="month" placeholder="yyyy-mm" autoFocus={active} onEnter={run} />
        <button onClick={run}>查询</button>
        <button onClick={save} disabled={busy} data-testid="monthly-save-pdf">
          <kbd>Alt+P</kbd> 保存 PDF
        </button>
        <span className="muted">改月份后按 Enter 重新统计</span>
        {busy && <span className="muted">正在生成 PDF…</span>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
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
            <table className="grid">
              <thead>
                <tr>
                  <th>指标</th><th className="num">门诊</th><th className="num">住院</th><th className="num">合计</th>
                  <th className="num">上月合计</th><th className="num">环比</th>
                </tr>
              </thead>
              <tbody>
                {r.indicators.map((row) => (
                  <tr key={row.key} data-testid={`indicator-${row.key}`}>
                    <td>{row.label}</td>
                    <td className="num">{formatIndicator(row.kind, row.outpatient)}</td>
                    <td className="num">{formatIndicator(row.kind, row.inpatient)}</td>
                    <td className="num">{formatIndicator(row.kind, row.total)}</td>
                    <td className="num">{formatIndicator(row.kind, row.previousTotal)}</td>
                    <td className={`num${row.change !== null && row.change < 0 ? ' rp-down' : ''}`}>{formatIndicatorChange(row.kind, row.change)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <div className="rp-two">
            <section className="report-section" tabIndex={0} aria-label="基金支付" data-testid="monthly-funds">
              <h3>基金支付（元）</h3>
              <table className="grid">
                <thead>
                  <tr><th>项目</th><th className="num">本月</th><th className="num">上月</th><th className="num">环比</th></tr>
                </thead>
                <tbody>
                  {r.funds.map((f) => (
                    <tr key={f.key}>
                      <td>{f.label}</td>
                      <td className="num">{formatYuan(f.amount)}</td>
                      <td className="num">{formatYuan(f.previous)}</td>
                      <td className="num">{formatChangeBp(f.change)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="report-section" tabIndex={0} aria-label="近六个月" data-testid="monthly-chart">
              <h3>近六个月人次与次均费用</h3>
              {history.error && <p className="error" role="alert">{history.error}</p>}
              {history.data ? <MonthlyChart points={history.data} /> : !history.error && <p className="muted">正在统计…</p>}
            </section>
          </div>
          <section className="report-section" tabIndex={0} aria-label="药品金额前列" data-testid="monthly-top-drugs">
            <h3>药品金额前列</h3>
            {r.current.topDrugs.length === 0 ? (
              <p className="muted">本月没有药品销售。</p>
            ) : (
              <table className="grid">
                <thead>
                  <tr>
                    <th className="num">序</th><th>编码</th><th>药品</th><th>规格</th><th>基药</th><th className="num">数量</th>
                    <th className="num">金额（元）</th><th className="num">占药品金额</th>
                  </tr>
                </thead>
                <tbody>
                  {r.current.topDrugs.map((d) => (
                    <tr key={d.itemCode}>
                      <td className="num">{d.rank}</td><td>{d.itemCode}</td><td>{d.name}</td><td>{d.spec}</td><td>{d.essential ? '是' : '否'}</td>
                      <td className="num">{formatQty(d.qtyMilli)}{d.unit}</td>
                      <td className="num">{formatYuan(d.amount)}</td>
                      <td className="num">{formatBp(d.shareBp)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
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
