import { useEffect, useRef, useState, type ReactNode } from 'react';
import { localDate } from '../../../../shared/dates';
import { formatYuan } from '../../../../shared/money';
import type { AmountRow, DailySheet, DailySheetQuery, PdfFile, ReceiptRun } from '../../../../shared/reports-daily';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { Field } from '../pharmacy/Field';
import { pdfFacts, savePdf, sizeText } from './pdf';
import { useAltKeys } from './keys';

type Form = { date: string; counterId: string; shiftId: string };

/** The form as the API takes it: a shift when one is typed, else the business day (and the counter, if any). */
function queryOf(form: Form): DailySheetQuery {
  const shift = form.shiftId.trim();
  if (shift !== '') return { shiftId: Number(shift) };
  const counterId = form.counterId.trim();
  return counterId === '' ? { date: form.date.trim() } : { date: form.date.trim(), counterId };
}

/**
 * 日结单: by business date (default today, all counters or one) or by shift. Enter moves through the three
 * fields and runs the sheet from the last; Alt+V 预览 PDF, Alt+P 保存 PDF, Alt+S 打印简式.
 */
export function DailySheetView({ active }: { active: boolean }) {
  const [form, setForm] = useState<Form>({ date: localDate(new Date()), counterId: '', shiftId: '' });
  const [query, setQuery] = useState<DailySheetQuery>(() => queryOf(form));
  const queryKey = JSON.stringify(query);
  const sheet = useApiCall(() => api['reports.dailySheet'](query), queryKey);
  const [pdf, setPdf] = useState<{ file: PdfFile; saved: boolean; for: string } | null>(null);
  const [paper, setPaper] = useState<58 | 80>(80);
  const [slip, setSlip] = useState<{ lines: string[]; for: string; print: number } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const printed = useRef(0);

  const edit = (field: keyof Form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const run = () => {
    setError(null);
    setQuery(queryOf(form));
    sheet.reload();
  };

  const fetchPdf = (save: boolean) => {
    setBusy(save ? '正在生成 PDF…' : '正在生成预览…');
    setError(null);
    api['reports.dailySheetPdf'](query).then(
      (file) => {
        if (save) savePdf(file);
        setPdf({ file, saved: save, for: queryKey });
      },
      (e: unknown) => setError((e as Error).message),
    ).finally(() => setBusy(null));
  };
  const printSlip = () => {
    setBusy('正在排版简式…');
    setError(null);
    api['reports.dailySheetSlip']({ ...query, paper }).then(
      (lines) => setSlip((s) => ({ lines, for: queryKey, print: (s?.print ?? 0) + 1 })),
      (e: unknown) => setError((e as Error).message),
    ).finally(() => setBusy(null));
    // The same slip also goes to the receipt printer through the print queue (it waits there if the
    // printer is off); the on-screen copy prints with window.print as before.
    api['print.dailySlip'](query).then(
      () => api['print.drain'](),
      () => undefined,
    );
  };
  const openPreview = () => {
    if (pdf && pdf.for === queryKey) savePdf(pdf.file);
  };

  // The slip is printed once it is on the page (the print style shows it alone).
  useEffect(() => {
    if (slip && slip.print !== printed.current) {
      printed.current = slip.print;
      window.print();
    }
  }, [slip]);

  useAltKeys(active, { v: () => fetchPdf(false), p: () => fetchPdf(true), s: printSlip });

  const currentPdf = pdf && pdf.for === queryKey ? pdf : null;
  const currentSlip = slip && slip.for === queryKey ? slip : null;

  return (
    <div data-keyscope data-testid="daily-sheet-view">
      <div className="form-row">
        <Field label="营业日期" value={form.date} onChange={edit('date')} path="date" placeholder="yyyy-mm-dd" autoFocus={active} />
        <Field label="收费台（可空）" value={form.counterId} onChange={edit('counterId')} path="counterId" placeholder="全部" />
        <Field label="或 班次编号" value={form.shiftId} onChange={edit('shiftId')} path="shiftId" placeholder="按日期" onEnter={run} />
        <label className="field">
          <span className="field-label">简式纸宽</span>
          <select value={paper} onChange={(e) => setPaper(e.target.value === '58' ? 58 : 80)} data-testid="slip-paper">
            <option value="80">80 毫米</option>
            <option value="58">58 毫米</option>
          </select>
        </label>
        <button onClick={run} data-testid="daily-run">查询</button>
      </div>
      <div className="rp-actions">
        <button onClick={() => fetchPdf(false)} disabled={busy !== null} data-testid="daily-preview-pdf">
          <kbd>Alt+V</kbd> 预览 PDF
        </button>
        <button onClick={() => fetchPdf(true)} disabled={busy !== null} data-testid="daily-save-pdf">
          <kbd>Alt+P</kbd> 保存 PDF
        </button>
        <button onClick={printSlip} disabled={busy !== null} data-testid="daily-print-slip">
          <kbd>Alt+S</kbd> 打印简式
        </button>
        <span className="muted">Enter 下一项，班次编号上 Enter 查询；填了班次编号就按班次出单</span>
        {busy && <span className="muted">{busy}</span>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {currentPdf && (
        <p className="rp-pdf" data-testid="daily-pdf-status">
          {currentPdf.saved ? '已保存 PDF：' : 'PDF 已生成：'}
          <strong data-testid="daily-pdf-name">{currentPdf.file.fileName}</strong>（{sizeText(pdfFacts(currentPdf.file).bytes)}，{pdfFacts(currentPdf.file).pages} 页）
          {!currentPdf.saved && (
            <>
              {' '}内容与下方日结单相同；<button onClick={openPreview}>用 PDF 阅读器打开</button>
            </>
          )}
        </p>
      )}
      {currentSlip && (
        <section className="rp-slip-wrap" data-testid="daily-slip">
          <h4>日结单简式（{paper} 毫米）</h4>
          <pre className="rp-slip">{currentSlip.lines.join('\n')}</pre>
        </section>
      )}
      {sheet.error && <p className="error" role="alert">{sheet.error}</p>}
      {sheet.loading && !sheet.data && <p className="muted">正在统计…</p>}
      {sheet.data && <SheetTables sheet={sheet.data} />}
    </div>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section className="report-section" tabIndex={0} aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function runText(run: ReceiptRun): string {
  return run.first === run.last ? run.firstNo : `${run.firstNo} – ${run.lastNo}（${run.count} 张）`;
}

function scopeText(sheet: DailySheet): string {
  if (sheet.scope.kind === 'shift') return `班次 ${sheet.scope.shiftId}`;
  return `营业日 ${sheet.scope.date}${sheet.scope.counterId ? ` · 收费台 ${sheet.scope.counterId}` : ' · 全部收费台'}`;
}

function money(fen: number | null): string {
  return fen === null ? '—' : formatYuan(fen);
}

function SheetTables({ sheet }: { sheet: DailySheet }) {
  return (
    <div className="rp-sheet" data-testid="daily-sheet">
      <header className="rp-sheet-head">
        <h3>{sheet.title}</h3>
        <p>
          {sheet.hospital} · {scopeText(sheet)}{sheet.scope.kind === 'shift' ? ` · 营业日 ${sheet.businessDates.join('、') || '—'}` : ''} · 收费台 {sheet.counterIds.join('、') || '—'} · 收费员{' '}
          {sheet.cashiers.join('、') || '—'} · 生成于 {sheet.generatedAt}
        </p>
      </header>

      <Section title="异常提示" testId="daily-problems">
        {sheet.problems.length === 0 ? (
          <p className="agree">✔ 无异常：票号连续，各项合计相符</p>
        ) : (
          <ul className="rp-problems">
            {sheet.problems.map((p, i) => (
              <li key={i} className="disagree">✘ {p}</li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="票据号段" testId="daily-receipts">
        {sheet.receipts.length === 0 ? (
          <p className="muted">本单没有使用票据。</p>
        ) : (
          <table className="grid">
            <thead>
              <tr><th>收费台</th><th>票据</th><th className="num">张数</th><th>号段</th><th>缺号</th><th>他班使用</th></tr>
            </thead>
            <tbody>
              {sheet.receipts.map((r) => (
                <tr key={`${r.counterId}-${r.series}`} className={r.gaps.length > 0 ? 'rp-gap-row' : ''}>
                  <td>{r.counterId}</td>
                  <td>{r.label}</td>
                  <td className="num">{r.count}</td>
                  <td>{r.runs.map(runText).join('；')}</td>
                  <td className={r.gaps.length > 0 ? 'rp-gap' : ''} data-testid={r.gaps.length > 0 ? 'receipt-gap' : undefined}>
                    {r.gaps.length > 0 ? r.gaps.map(runText).join('；') : '无'}
                  </td>
                  <td className="muted">{r.elsewhere.length > 0 ? r.elsewhere.map(runText).join('；') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="按就诊类型" testId="daily-by-type">
        <table className="grid">
          <thead>
            <tr>
              <th>类型</th><th className="num">收费笔数</th><th className="num">收费金额</th><th className="num">退费笔数</th>
              <th className="num">退费金额</th><th className="num">合计</th>
            </tr>
          </thead>
          <tbody>
            {sheet.byType.map((row) => (
              <tr key={row.key} className={row.key === 'total' ? 'rp-total' : ''} data-testid={`by-type-${row.key}`}>
                <td>{row.label}</td>
                <td className="num">{row.settleCount}</td>
                <td className="num">{formatYuan(row.settleAmount)}</td>
                <td className="num">{row.refundCount}</td>
                <td className="num">{formatYuan(row.refundAmount)}</td>
                <td className="num">{formatYuan(row.net)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <div className="rp-two">
        <Section title="按基金层次（元）" testId="daily-funds">
          <AmountTable rows={sheet.fundLayers} totalKey="fund_pay_sumamt" />
        </Section>
        <Section title="按支付方式（元）" testId="daily-payments">
          <AmountTable rows={sheet.payments} totalKey="total" />
        </Section>
      </div>

      <Section title={`退费明细（${sheet.refundTotals.count} 笔）`} testId="daily-refunds">
        {sheet.refunds.length === 0 ? (
          <p className="muted">本单没有退费。</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th>退费票号</th><th>冲原票号</th><th>原营业日</th><th>类型</th><th className="num">医疗费</th><th className="num">基金</th>
                <th className="num">个人账户</th><th className="num">现金</th><th>原因</th><th>经办</th><th>时间</th>
              </tr>
            </thead>
            <tbody>
              {sheet.refunds.map((r) => (
                <tr key={r.settlementId}>
                  <td>{r.receiptNo}</td><td>{r.reversesReceiptNo}</td><td>{r.reversesDate}</td><td>{r.typeLabel}</td>
                  <td className="num">{formatYuan(r.medfee)}</td><td className="num">{formatYuan(r.fund)}</td>
                  <td className="num">{formatYuan(r.account)}</td><td className="num">{formatYuan(r.cash)}</td>
                  <td>{r.reason}</td><td>{r.operator}</td><td>{r.settledAt}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="rp-total">
                <th colSpan={4}>合计</th>
                <th className="num">{formatYuan(sheet.refundTotals.medfee)}</th><th className="num">{formatYuan(sheet.refundTotals.fund)}</th>
                <th className="num">{formatYuan(sheet.refundTotals.account)}</th><th className="num">{formatYuan(sheet.refundTotals.cash)}</th>
                <th colSpan={3} />
              </tr>
            </tfoot>
          </table>
        )}
      </Section>

      <Section title="住院预交金（元）" testId="daily-deposits">
        <table className="grid">
          <thead>
            <tr><th>项目</th><th className="num">笔数</th><th className="num">金额</th></tr>
          </thead>
          <tbody>
            <tr><td>收取</td><td className="num">{sheet.deposits.paid.count}</td><td className="num">{formatYuan(sheet.deposits.paid.amount)}</td></tr>
            {sheet.deposits.paid.byMethod.map((m) => (
              <tr key={m.method} className="rp-sub"><td>其中 {m.label}</td><td className="num">{m.count}</td><td className="num">{formatYuan(m.amount)}</td></tr>
            ))}
            <tr><td>出院冲抵</td><td className="num">{sheet.deposits.offset.count}</td><td className="num">{formatYuan(sheet.deposits.offset.amount)}</td></tr>
            <tr><td>退还现金</td><td className="num">{sheet.deposits.returned.count}</td><td className="num">{formatYuan(sheet.deposits.returned.amount)}</td></tr>
          </tbody>
        </table>
      </Section>

      <Section title="现金：应有与实点（元）" testId="daily-cash">
        <p>
          钱箱进出：结算现金 {formatYuan(sheet.drawer.settlementCash)} + 预交金现金 {formatYuan(sheet.drawer.depositCash)} + 退还{' '}
          {formatYuan(sheet.drawer.returnedCash)} = <strong data-testid="drawer-net">{formatYuan(sheet.drawer.net)}</strong>
        </p>
        <table className="grid">
          <thead>
            <tr>
              <th>班次</th><th>收费台</th><th>收费员</th><th>营业日</th><th>开班</th><th>交班</th><th className="num">备用金</th>
              <th className="num">应有现金</th><th className="num">实点现金</th><th className="num">长短款</th><th>备注</th>
            </tr>
          </thead>
          <tbody>
            {sheet.cash.shifts.map((s) => (
              <tr key={s.shiftId}>
                <td>{s.shiftId}{s.spansOtherDays ? '＊' : ''}</td><td>{s.counterId}</td><td>{s.cashierName}</td><td>{s.businessDate}</td>
                <td>{s.openedAt}</td><td>{s.closedAt ?? <span className="disagree">未交班</span>}</td>
                <td className="num">{formatYuan(s.float)}</td><td className="num">{formatYuan(s.expected)}</td>
                <td className="num">{money(s.counted)}</td>
                <td className={`num${s.difference !== null && s.difference !== 0 ? ' disagree' : ''}`}>{money(s.difference)}</td>
                <td>{s.note}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="rp-total">
              <th colSpan={6}>合计</th>
              <th className="num">{formatYuan(sheet.cash.float)}</th>
              <th className="num" data-testid="cash-expected">{formatYuan(sheet.cash.expected)}</th>
              <th className="num">{money(sheet.cash.counted)}</th>
              <th className={`num${sheet.cash.difference !== null && sheet.cash.difference !== 0 ? ' disagree' : ''}`}>{money(sheet.cash.difference)}</th>
              <th />
            </tr>
          </tfoot>
        </table>
        {sheet.cash.shifts.some((s) => s.spansOtherDays) && <p className="muted">＊ 该班次跨营业日，应有现金按整个班次计。</p>}
      </Section>

      {sheet.notes.length > 0 && (
        <ul className="rp-notes">
          {sheet.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AmountTable<K extends string>({ rows, totalKey }: { rows: AmountRow<K>[]; totalKey: string }) {
  return (
    <table className="grid">
      <thead>
        <tr><th>项目</th><th className="num">收费</th><th className="num">退费</th><th className="num">合计</th></tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.key === totalKey ? 'rp-total' : ''} data-testid={`amount-${row.key}`}>
            <td>{row.label}</td>
            <td className="num">{formatYuan(row.settled)}</td>
            <td className="num">{formatYuan(row.refunded)}</td>
            <td className="num">{formatYuan(row.net)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
