import { useState, type ReactNode } from 'react';
import { CHARGE_CLASS_NAMES, ESSENTIAL_NAMES, ITEM_KIND_NAMES, type CatalogueItem } from '../../../../shared/domain';
import type { PharmacyReport, PriceListEntry, StocktakeMonthReport } from '../../../../shared/reports';
import { DataTable, Facts, Field, formatBp, formatQty, formatYuan, monthRange, todayText, useApi, useForm, type Column } from '../../kit';

/**
 * 报表: 药品进销存 with the 零差率补助测算 and 基本药物使用占比 for a period (default this month), the 月度盘点表
 * for a month, the 价格公示 and the 未对码 list. Enter in any of the three fields runs the reports again.
 */
export function ReportsView() {
  const form = useForm(() => {
    const month = todayText().slice(0, 7);
    return { ...monthRange(month), month };
  });
  const [applied, setApplied] = useState(form.values);
  const period = { from: applied.from, to: applied.to };
  const report = useApi('reports.pharmacy', period);
  const monthReport = useApi('reports.stocktakeMonth', { month: applied.month });
  const priceList = useApi('reports.priceList', {});
  const unmapped = useApi('catalogue.unmapped', {});
  // What is typed is kept trimmed, so a stray space never reaches the period asked for.
  const field = (name: keyof typeof form.values) => ({ ...form.field(name), onChange: (value: string) => form.set({ [name]: value.trim() }) });
  const apply = () => setApplied(form.values);

  return (
    <div data-keyscope>
      <div className="form-row">
        <Field label="开始日期" {...field('from')} placeholder="yyyy-mm-dd" autoFocus onEnter={apply} />
        <Field label="结束日期" {...field('to')} placeholder="yyyy-mm-dd" onEnter={apply} />
        <Field label="盘点月份" {...field('month')} placeholder="yyyy-mm" onEnter={apply} />
        <span className="muted">改日期后按 Enter 重新统计；Tab 逐个进入下面的报表，↑↓ / PageDown 翻看</span>
      </div>

      <ReportSection title={`药品进销存（${period.from} 至 ${period.to}）`} error={report.error}>
        {report.data && <PharmacyTable report={report.data} />}
        {report.data && <Compensation report={report.data} />}
        {report.data && <EssentialShare report={report.data} />}
      </ReportSection>
      <ReportSection title={`月度盘点表（${applied.month}）`} error={monthReport.error}>
        {monthReport.data && <StocktakeMonth report={monthReport.data} />}
      </ReportSection>
      <ReportSection title="药品及收费项目价格公示" error={priceList.error}>
        {priceList.data && <PriceList entries={priceList.data} />}
      </ReportSection>
      <ReportSection title="未对码项目（仅可自费）" error={unmapped.error}>
        {unmapped.data && <Unmapped items={unmapped.data} />}
      </ReportSection>
    </div>
  );
}

/** One report; focusable, so Tab reaches it and the arrow keys scroll the page from there. */
function ReportSection({ title, error, children }: { title: string; error: string | null; children: ReactNode }) {
  return (
    <section className="report-section" tabIndex={0} aria-label={title}>
      <h3>{title}</h3>
      {error && <p className="error" role="alert">{error}</p>}
      {children}
    </section>
  );
}

type PharmacyItem = PharmacyReport['items'][number];

const PHARMACY_COLUMNS: Column<PharmacyItem>[] = [
  { id: 'code', header: '编码', cell: (i) => i.itemCode },
  { id: 'name', header: '药品', cell: (i) => i.name },
  { id: 'spec', header: '规格', cell: (i) => i.spec },
  { id: 'essential', header: '基药', cell: (i) => ESSENTIAL_NAMES[i.essential] },
  { id: 'purchased', header: '购进数量', num: true, cell: (i) => <>{formatQty(i.purchasedMilli)}{i.unit}</> },
  { id: 'purchaseAmount', header: '购进金额', num: true, cell: (i) => formatYuan(i.purchaseAmount) },
  { id: 'sold', header: '销售数量', num: true, cell: (i) => <>{formatQty(i.soldMilli)}{i.unit}</> },
  { id: 'salesAmount', header: '销售金额', num: true, cell: (i) => formatYuan(i.salesAmount) },
  { id: 'salesCost', header: '销售成本', num: true, cell: (i) => formatYuan(i.salesCost) },
  { id: 'closing', header: '期末数量', num: true, cell: (i) => <>{formatQty(i.closingMilli)}{i.unit}</> },
  { id: 'closingCost', header: '期末成本', num: true, cell: (i) => formatYuan(i.closingCost) },
];

function PharmacyTable({ report }: { report: PharmacyReport }) {
  const t = report.totals;
  return (
    <DataTable
      testId="pharmacy-report"
      columns={PHARMACY_COLUMNS}
      rows={report.items}
      rowKey={(i) => i.itemCode}
      empty={<p className="muted">本期没有药品进销存记录。</p>}
      foot={
        <tr>
          <th colSpan={5}>合计（元）</th>
          <th className="num">{formatYuan(t.purchaseAmount)}</th>
          <th />
          <th className="num">{formatYuan(t.salesAmount)}</th>
          <th className="num">{formatYuan(t.salesCost)}</th>
          <th />
          <th className="num">{formatYuan(t.closingCost)}</th>
        </tr>
      }
    />
  );
}

function Compensation({ report }: { report: PharmacyReport }) {
  const c = report.compensation;
  return (
    <div className="panel" data-testid="compensation">
      <h4>零差率补助测算</h4>
      <p>{c.formula}</p>
      <p>
        应补助金额：<strong className="amount">{formatYuan(c.amount)}</strong> 元（基本药物采购 {formatYuan(c.essentialPurchaseAmount)} 元，合理损耗{' '}
        {formatBp(c.lossAllowanceBp)}，补助比例 {formatBp(c.marginBp)}）
      </p>
    </div>
  );
}

function EssentialShare({ report }: { report: PharmacyReport }) {
  const s = report.essentialShare;
  return (
    <div className="panel" data-testid="essential-share">
      <h4>基本药物使用占比</h4>
      <Facts
        rows={[
          [
            '按金额',
            <>
              <strong>{formatBp(s.byAmountBp)}</strong>（基本药物销售 {formatYuan(s.essentialSalesAmount)} 元 / 药品销售 {formatYuan(s.drugSalesAmount)} 元）
            </>,
          ],
          [
            '按品种数',
            <>
              <strong>{formatBp(s.byItemCountBp)}</strong>（使用基本药物 {s.essentialItemsUsed} 种 / 使用药品 {s.drugItemsUsed} 种）
            </>,
          ],
        ]}
      />
    </div>
  );
}

function Agreement({ balanced }: { balanced: boolean }) {
  return balanced ? <span className="agree">✔ 三帐相符</span> : <span className="disagree">✘ 不相符</span>;
}

type MonthRow = StocktakeMonthReport['rows'][number];

const MONTH_COLUMNS: Column<MonthRow>[] = [
  { id: 'name', header: '药品', cell: (r) => r.name },
  { id: 'batchNo', header: '批号', cell: (r) => r.batchNo },
  { id: 'opening', header: '期初', num: true, cell: (r) => formatQty(r.openingMilli) },
  { id: 'purchased', header: '购进', num: true, cell: (r) => formatQty(r.purchasedMilli) },
  { id: 'sold', header: '销售', num: true, cell: (r) => formatQty(r.soldMilli) },
  { id: 'returned', header: '退药', num: true, cell: (r) => formatQty(r.returnedMilli) },
  { id: 'gain', header: '盘盈', num: true, cell: (r) => formatQty(r.gainMilli) },
  { id: 'loss', header: '盘亏', num: true, cell: (r) => formatQty(r.lossMilli) },
  { id: 'closing', header: '期末账面', num: true, cell: (r) => <>{formatQty(r.closingMilli)}{r.unit}</> },
  { id: 'counted', header: '实盘', num: true, cell: (r) => (r.countedMilli === null ? '未盘' : `${formatQty(r.countedMilli)}${r.unit}`) },
  { id: 'check', header: '核对', cell: (r) => <Agreement balanced={r.balanced} /> },
];

function StocktakeMonth({ report }: { report: StocktakeMonthReport }) {
  return (
    <>
      <p data-testid="stocktake-month-overall">
        本月合计：<Agreement balanced={report.balanced} />（账面 = 期初 + 购进 − 销售 + 退药 + 盘盈 − 盘亏，且等于实盘）
      </p>
      <DataTable
        testId="stocktake-month"
        columns={MONTH_COLUMNS}
        rows={report.rows}
        rowKey={(r) => `${r.itemCode}/${r.batchNo}`}
        rowProps={(r) => ({ className: r.balanced ? '' : 'expired' })}
        empty={<p className="muted">本月没有库存记录。</p>}
      />
    </>
  );
}

const PRICE_COLUMNS: Column<PriceListEntry>[] = [
  { id: 'code', header: '编码', cell: (e) => e.code },
  { id: 'name', header: '名称', cell: (e) => e.name },
  { id: 'kind', header: '类别', cell: (e) => ITEM_KIND_NAMES[e.kind] },
  { id: 'spec', header: '规格', cell: (e) => e.spec },
  { id: 'unit', header: '单位', cell: (e) => e.unit },
  { id: 'class', header: '医保类别', cell: (e) => CHARGE_CLASS_NAMES[e.chargeClass] },
  { id: 'essential', header: '基药', cell: (e) => (e.kind === 'drug' ? ESSENTIAL_NAMES[e.essential] : '') },
  {
    id: 'price',
    header: '价格（元）',
    num: true,
    cell: (e) => (
      <>
        {e.price === null ? '—' : formatYuan(e.price)}
        {e.otherPrices.length > 0 && <span className="muted">（另有批次 {e.otherPrices.map((p) => formatYuan(p)).join('、')}）</span>}
      </>
    ),
  },
  { id: 'note', header: '备注', cell: (e) => e.note },
];

function PriceList({ entries }: { entries: PriceListEntry[] }) {
  return <DataTable testId="price-list" columns={PRICE_COLUMNS} rows={entries} rowKey={(e) => e.code} />;
}

const UNMAPPED_COLUMNS: Column<CatalogueItem>[] = [
  { id: 'code', header: '编码', cell: (i) => i.code },
  { id: 'name', header: '名称', cell: (i) => i.name },
  { id: 'kind', header: '类别', cell: (i) => ITEM_KIND_NAMES[i.kind] },
  { id: 'spec', header: '规格', cell: (i) => i.spec },
  { id: 'unit', header: '单位', cell: (i) => i.unit },
  { id: 'price', header: '价格（元）', num: true, cell: (i) => formatYuan(i.price) },
  // The warning colours the cell, not its header (a column's className would colour both).
  { id: 'why', header: '说明', cell: () => <span className="warn">未对码，仅可自费</span> },
];

function Unmapped({ items }: { items: CatalogueItem[] }) {
  return <DataTable testId="unmapped-list" columns={UNMAPPED_COLUMNS} rows={items} rowKey={(i) => i.code} empty={<p className="muted">所有项目均已对码。</p>} />;
}
