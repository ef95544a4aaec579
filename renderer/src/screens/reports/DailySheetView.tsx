import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Fen } from '../../../../shared/money';
import type { AmountRow, DailyCashRow, DailyRefund, DailySheet, DailySheetQuery, PdfFile, ReceiptRun, ReceiptSeries, VisitTypeRow } from '../../../../shared/reports-daily';
import { api } from '../../api';
import { DataTable, Field, FormError, Labeled, formatYuan, todayText, useAltKeys, useApi, useForm, type Column } from '../../kit';
import { pdfFacts, savePdf, sizeText } from './pdf';

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
  const form = useForm<Form>(() => ({ date: todayText(), counterId: '', shiftId: '' }));
  // Taken out of the form: with `ref={form.scopeRef}` the hooks lint reads every form.* as a ref.
  const { scopeRef } = form;
  const [query, setQuery] = useState<DailySheetQuery>(() => queryOf(form.values));
  const queryKey = JSON.stringify(query);
  const sheet = useApi('reports.dailySheet', query);
  const [pdf, setPdf] = useState<{ file: PdfFile; saved: boolean; for: string } | null>(null);
  const [paper, setPaper] = useState<58 | 80>(80);
  const [slip, setSlip] = useState<{ lines: string[]; for: string; print: number } | null>(null);
  /** What the running action is doing, shown while the form is busy. */
  const [doing, setDoing] = useState('');
  const printed = useRef(0);

  const run = () => {
    form.clear();
    const next = queryOf(form.values);
    // The same query asks again (the day goes on); a new one is asked by changing the query alone.
    if (JSON.stringify(next) === queryKey) sheet.reload();
    else setQuery(next);
  };
  /** One action at a time (PDF, preview, slip): the form keeps it busy and shows its refusal. */
  const act = <T,>(what: string, call: () => Promise<T>, then: (answer: T) => void) => {
    if (form.busy) return;
    setDoing(what);
    void form.submit(call).then((answer) => {
      if (answer !== undefined) then(answer);
    });
  };

  const fetchPdf = (save: boolean) =>
    act(save ? '正在生成 PDF…' : '正在生成预览…', () => api['reports.dailySheetPdf'](query), (file) => {
      if (save) savePdf(file);
      setPdf({ file, saved: save, for: queryKey });
    });
  const printSlip = () => {
    if (form.busy) return;
    act('正在排版简式…', () => api['reports.dailySheetSlip']({ ...query, paper }), (lines) => setSlip((s) => ({ lines, for: queryKey, print: (s?.print ?? 0) + 1 })));
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
    <div ref={scopeRef} data-keyscope data-testid="daily-sheet-view">
      <div className="form-row">
        <Field label="营业日期" {...form.field('date')} placeholder="yyyy-mm-dd" autoFocus={active} />
        <Field label="收费台（可空）" {...form.field('counterId')} placeholder="全部" />
        <Field label="或 班次编号" {...form.field('shiftId')} placeholder="按日期" onEnter={run} />
        <Labeled label="简式纸宽">
          <select value={paper} onChange={(e) => setPaper(e.target.value === '58' ? 58 : 80)} data-testid="slip-paper">
            <option value="80">80 毫米</option>
            <option value="58">58 毫米</option>
          </select>
        </Labeled>
        <button onClick={run} data-testid="daily-run">查询</button>
      </div>
      <div className="rp-actions">
        <button onClick={() => fetchPdf(false)} disabled={form.busy} data-testid="daily-preview-pdf">
          <kbd>Alt+V</kbd> 预览 PDF
        </button>
        <button onClick={() => fetchPdf(true)} disabled={form.busy} data-testid="daily-save-pdf">
          <kbd>Alt+P</kbd> 保存 PDF
        </button>
        <button onClick={printSlip} disabled={form.busy} data-testid="daily-print-slip">
          <kbd>Alt+S</kbd> 打印简式
        </button>
        <span className="muted">Enter 下一项，班次编号上 Enter 查询；填了班次编号就按班次出单</span>
        {form.busy && <span className="muted">{doing}</span>}
      </div>
      <FormError error={form.error} />
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

function money(amount: Fen | null): string {
  return amount === null ? '—' : formatYuan(amount);
}

/** A cash difference (长短款): red when the drawer does not agree. */
function Difference({ amount }: { amount: Fen | null }) {
  return <span className={amount !== null && amount !== 0 ? 'disagree' : undefined}>{money(amount)}</span>;
}

const RECEIPT_COLUMNS: Column<ReceiptSeries>[] = [
  { id: 'counter', header: '收费台', cell: (r) => r.counterId },
  { id: 'label', header: '票据', cell: (r) => r.label },
  { id: 'count', header: '张数', num: true, cell: (r) => r.count },
  { id: 'runs', header: '号段', cell: (r) => r.runs.map(runText).join('；') },
  {
    id: 'gaps',
    header: '缺号',
    cell: (r) =>
      r.gaps.length > 0 ? (
        <span className="rp-gap" data-testid="receipt-gap">
          {r.gaps.map(runText).join('；')}
        </span>
      ) : (
        '无'
      ),
  },
  { id: 'elsewhere', header: '他班使用', cell: (r) => <span className="muted">{r.elsewhere.length > 0 ? r.elsewhere.map(runText).join('；') : '—'}</span> },
];

const TYPE_COLUMNS: Column<VisitTypeRow>[] = [
  { id: 'label', header: '类型', cell: (r) => r.label },
  { id: 'settleCount', header: '收费笔数', num: true, cell: (r) => r.settleCount },
  { id: 'settleAmount', header: '收费金额', num: true, cell: (r) => formatYuan(r.settleAmount) },
  { id: 'refundCount', header: '退费笔数', num: true, cell: (r) => r.refundCount },
  { id: 'refundAmount', header: '退费金额', num: true, cell: (r) => formatYuan(r.refundAmount) },
  { id: 'net', header: '合计', num: true, cell: (r) => formatYuan(r.net) },
];

const REFUND_COLUMNS: Column<DailyRefund>[] = [
  { id: 'receiptNo', header: '退费票号', cell: (r) => r.receiptNo },
  { id: 'reverses', header: '冲原票号', cell: (r) => r.reversesReceiptNo },
  { id: 'reversesDate', header: '原营业日', cell: (r) => r.reversesDate },
  { id: 'type', header: '类型', cell: (r) => r.typeLabel },
  { id: 'medfee', header: '医疗费', num: true, cell: (r) => formatYuan(r.medfee) },
  { id: 'fund', header: '基金', num: true, cell: (r) => formatYuan(r.fund) },
  { id: 'account', header: '个人账户', num: true, cell: (r) => formatYuan(r.account) },
  { id: 'cash', header: '现金', num: true, cell: (r) => formatYuan(r.cash) },
  { id: 'reason', header: '原因', cell: (r) => r.reason },
  { id: 'operator', header: '经办', cell: (r) => r.operator },
  { id: 'at', header: '时间', cell: (r) => r.settledAt },
];

/** A line of the 预交金 table: 收取 with its methods under it, 出院冲抵, 退还现金. */
interface DepositRow {
  key: string;
  label: string;
  count: number;
  amount: Fen;
  /** A 其中 line under 收取, indented. */
  sub?: boolean;
}

function depositRows(d: DailySheet['deposits']): DepositRow[] {
  return [
    { key: 'paid', label: '收取', count: d.paid.count, amount: d.paid.amount },
    ...d.paid.byMethod.map((m) => ({ key: m.method, label: `其中 ${m.label}`, count: m.count, amount: m.amount, sub: true })),
    { key: 'offset', label: '出院冲抵', count: d.offset.count, amount: d.offset.amount },
    { key: 'returned', label: '退还现金', count: d.returned.count, amount: d.returned.amount },
  ];
}

const DEPOSIT_COLUMNS: Column<DepositRow>[] = [
  { id: 'label', header: '项目', cell: (r) => r.label },
  { id: 'count', header: '笔数', num: true, cell: (r) => r.count },
  { id: 'amount', header: '金额', num: true, cell: (r) => formatYuan(r.amount) },
];

const CASH_COLUMNS: Column<DailyCashRow>[] = [
  { id: 'shift', header: '班次', cell: (s) => `${s.shiftId}${s.spansOtherDays ? '＊' : ''}` },
  { id: 'counter', header: '收费台', cell: (s) => s.counterId },
  { id: 'cashier', header: '收费员', cell: (s) => s.cashierName },
  { id: 'date', header: '营业日', cell: (s) => s.businessDate },
  { id: 'opened', header: '开班', cell: (s) => s.openedAt },
  { id: 'closed', header: '交班', cell: (s) => s.closedAt ?? <span className="disagree">未交班</span> },
  { id: 'float', header: '备用金', num: true, cell: (s) => formatYuan(s.float) },
  { id: 'expected', header: '应有现金', num: true, cell: (s) => formatYuan(s.expected) },
  { id: 'counted', header: '实点现金', num: true, cell: (s) => money(s.counted) },
  { id: 'difference', header: '长短款', num: true, cell: (s) => <Difference amount={s.difference} /> },
  { id: 'note', header: '备注', cell: (s) => s.note },
];

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
        <DataTable
          columns={RECEIPT_COLUMNS}
          rows={sheet.receipts}
          rowKey={(r) => `${r.counterId}-${r.series}`}
          rowProps={(r) => ({ className: r.gaps.length > 0 ? 'rp-gap-row' : '' })}
          empty={<p className="muted">本单没有使用票据。</p>}
        />
      </Section>

      <Section title="按就诊类型" testId="daily-by-type">
        <DataTable columns={TYPE_COLUMNS} rows={sheet.byType} rowKey={(r) => r.key} rowProps={(r) => ({ className: r.key === 'total' ? 'rp-total' : '', 'data-testid': `by-type-${r.key}` })} />
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
        <DataTable
          columns={REFUND_COLUMNS}
          rows={sheet.refunds}
          rowKey={(r) => r.settlementId}
          empty={<p className="muted">本单没有退费。</p>}
          foot={
            <tr className="rp-total">
              <th colSpan={4}>合计</th>
              <th className="num">{formatYuan(sheet.refundTotals.medfee)}</th>
              <th className="num">{formatYuan(sheet.refundTotals.fund)}</th>
              <th className="num">{formatYuan(sheet.refundTotals.account)}</th>
              <th className="num">{formatYuan(sheet.refundTotals.cash)}</th>
              <th colSpan={3} />
            </tr>
          }
        />
      </Section>

      <Section title="住院预交金（元）" testId="daily-deposits">
        <DataTable columns={DEPOSIT_COLUMNS} rows={depositRows(sheet.deposits)} rowKey={(r) => r.key} rowProps={(r) => (r.sub ? { className: 'rp-sub' } : {})} />
      </Section>

      <Section title="现金：应有与实点（元）" testId="daily-cash">
        <p>
          钱箱进出：结算现金 {formatYuan(sheet.drawer.settlementCash)} + 预交金现金 {formatYuan(sheet.drawer.depositCash)} + 退还{' '}
          {formatYuan(sheet.drawer.returnedCash)} = <strong data-testid="drawer-net">{formatYuan(sheet.drawer.net)}</strong>
        </p>
        <DataTable
          columns={CASH_COLUMNS}
          rows={sheet.cash.shifts}
          rowKey={(s) => s.shiftId}
          foot={
            <tr className="rp-total">
              <th colSpan={6}>合计</th>
              <th className="num">{formatYuan(sheet.cash.float)}</th>
              <th className="num" data-testid="cash-expected">{formatYuan(sheet.cash.expected)}</th>
              <th className="num">{money(sheet.cash.counted)}</th>
              <th className="num">
                <Difference amount={sheet.cash.difference} />
              </th>
              <th />
            </tr>
          }
        />
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

const AMOUNT_COLUMNS: Column<AmountRow<string>>[] = [
  { id: 'label', header: '项目', cell: (r) => r.label },
  { id: 'settled', header: '收费', num: true, cell: (r) => formatYuan(r.settled) },
  { id: 'refunded', header: '退费', num: true, cell: (r) => formatYuan(r.refunded) },
  { id: 'net', header: '合计', num: true, cell: (r) => formatYuan(r.net) },
];

/** 收费 / 退费 / 合计 per fund layer or payment method; the total row in bold. */
function AmountTable<K extends string>({ rows, totalKey }: { rows: AmountRow<K>[]; totalKey: string }) {
  return <DataTable columns={AMOUNT_COLUMNS} rows={rows} rowKey={(r) => r.key} rowProps={(r) => ({ className: r.key === totalKey ? 'rp-total' : '', 'data-testid': `amount-${r.key}` })} />;
}
