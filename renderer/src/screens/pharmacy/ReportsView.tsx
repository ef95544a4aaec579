import { useState, type ReactNode } from 'react';
import { CHARGE_CLASS_NAMES, ESSENTIAL_NAMES, ITEM_KIND_NAMES, type CatalogueItem } from '../../../../shared/domain';
import { formatYuan } from '../../../../shared/money';
import { formatQty } from '../../../../shared/quantity';
import type { PharmacyReport, PriceListEntry, StocktakeMonthReport } from '../../../../shared/reports';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { Field } from './Field';
import { formatBp } from '../../../../shared/format';
import { monthRange, todayText } from './format';

/**
 * 报表: 药品进销存 with the 零差率补助测算 and 基本药物使用占比 for a period (default this month), the 月度盘点表
 * for a month, the 价格公示 and the 未对码 list. Enter in any of the three fields runs the reports again.
 */
export function ReportsView() {
  const month = todayText().slice(0, 7);
  const [form, setForm] = useState({ ...monthRange(month), month });
  const [applied, setApplied] = useState(form);
  const period = { from: applied.from, to: applied.to };
  const report = useApiCall(() => api['reports.pharmacy'](period), `${period.from}~${period.to}`);
  const monthReport = useApiCall(() => api['reports.stocktakeMonth']({ month: applied.month }), applied.month);
  const priceList = useApiCall(() => api['reports.priceList'](), 'prices');
  const unmapped = useApiCall(() => api['catalogue.unmapped'](), 'unmapped');
  const edit = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value.trim() }));
  const apply = () => setApplied(form);

  return (
    <div data-keyscope>
      <div className="form-row">
        <Field label="开始日期" value={form.from} onChange={edit('from')} path="from" placeholder="yyyy-mm-dd" autoFocus onEnter={apply} />
        <Field label="结束日期" value={form.to} onChange={edit('to')} path="to" placeholder="yyyy-mm-dd" onEnter={apply} />
        <Field label="盘点月份" value={form.month} onChange={edit('month')} path="month" placeholder="yyyy-mm" onEnter={apply} />
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

function PharmacyTable({ report }: { report: PharmacyReport }) {
  if (report.items.length === 0) return <p className="muted">本期没有药品进销存记录。</p>;
  return (
    <table className="grid" data-testid="pharmacy-report">
      <thead>
        <tr>
          <th>编码</th><th>药品</th><th>规格</th><th>基药</th>
          <th className="num">购进数量</th><th className="num">购进金额</th><th className="num">销售数量</th><th className="num">销售金额</th>
          <th className="num">销售成本</th><th className="num">期末数量</th><th className="num">期末成本</th>
        </tr>
      </thead>
      <tbody>
        {report.items.map((i) => (
          <tr key={i.itemCode}>
            <td>{i.itemCode}</td>
            <td>{i.name}</td>
            <td>{i.spec}</td>
            <td>{ESSENTIAL_NAMES[i.essential]}</td>
            <td className="num">{formatQty(i.purchasedMilli)}{i.unit}</td>
            <td className="num">{formatYuan(i.purchaseAmount)}</td>
            <td className="num">{formatQty(i.soldMilli)}{i.unit}</td>
            <td className="num">{formatYuan(i.salesAmount)}</td>
            <td className="num">{formatYuan(i.salesCost)}</td>
            <td className="num">{formatQty(i.closingMilli)}{i.unit}</td>
            <td className="num">{formatYuan(i.closingCost)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th colSpan={5}>合计（元）</th>
          <th className="num">{formatYuan(report.totals.purchaseAmount)}</th>
          <th />
          <th className="num">{formatYuan(report.totals.salesAmount)}</th>
          <th className="num">{formatYuan(report.totals.salesCost)}</th>
          <th />
          <th className="num">{formatYuan(report.totals.closingCost)}</th>
        </tr>
      </tfoot>
    </table>
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
      <table className="facts">
        <tbody>
          <tr>
            <th>按金额</th>
            <td>
              <strong>{formatBp(s.byAmountBp)}</strong>（基本药物销售 {formatYuan(s.essentialSalesAmount)} 元 / 药品销售 {formatYuan(s.drugSalesAmount)} 元）
            </td>
          </tr>
          <tr>
            <th>按品种数</th>
            <td>
              <strong>{formatBp(s.byItemCountBp)}</strong>（使用基本药物 {s.essentialItemsUsed} 种 / 使用药品 {s.drugItemsUsed} 种）
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function Agreement({ balanced }: { balanced: boolean }) {
  return balanced ? <span className="agree">✔ 三帐相符</span> : <span className="disagree">✘ 不相符</span>;
}

function StocktakeMonth({ report }: { report: StocktakeMonthReport }) {
  return (
    <>
      <p data-testid="stocktake-month-overall">
        本月合计：<Agreement balanced={report.balanced} />（账面 = 期初 + 购进 − 销售 + 退药 + 盘盈 − 盘亏，且等于实盘）
      </p>
      {report.rows.length === 0 ? (
        <p className="muted">本月没有库存记录。</p>
      ) : (
        <table className="grid" data-testid="stocktake-month">
          <thead>
            <tr>
              <th>药品</th><th>批号</th><th className="num">期初</th><th className="num">购进</th><th className="num">销售</th><th className="num">退药</th>
              <th className="num">盘盈</th><th className="num">盘亏</th><th className="num">期末账面</th><th className="num">实盘</th><th>核对</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={`${r.itemCode}/${r.batchNo}`} className={r.balanced ? '' : 'expired'}>
                <td>{r.name}</td>
                <td>{r.batchNo}</td>
                <td className="num">{formatQty(r.openingMilli)}</td>
                <td className="num">{formatQty(r.purchasedMilli)}</td>
                <td className="num">{formatQty(r.soldMilli)}</td>
                <td className="num">{formatQty(r.returnedMilli)}</td>
                <td className="num">{formatQty(r.gainMilli)}</td>
                <td className="num">{formatQty(r.lossMilli)}</td>
                <td className="num">{formatQty(r.closingMilli)}{r.unit}</td>
                <td className="num">{r.countedMilli === null ? '未盘' : `${formatQty(r.countedMilli)}${r.unit}`}</td>
                <td><Agreement balanced={r.balanced} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function PriceList({ entries }: { entries: PriceListEntry[] }) {
  return (
    <table className="grid" data-testid="price-list">
      <thead>
        <tr>
          <th>编码</th><th>名称</th><th>类别</th><th>规格</th><th>单位</th><th>医保类别</th><th>基药</th><th className="num">价格（元）</th><th>备注</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.code}>
            <td>{e.code}</td>
            <td>{e.name}</td>
            <td>{ITEM_KIND_NAMES[e.kind]}</td>
            <td>{e.spec}</td>
            <td>{e.unit}</td>
            <td>{CHARGE_CLASS_NAMES[e.chargeClass]}</td>
            <td>{e.kind === 'drug' ? ESSENTIAL_NAMES[e.essential] : ''}</td>
            <td className="num">
              {e.price === null ? '—' : formatYuan(e.price)}
              {e.otherPrices.length > 0 && <span className="muted">（另有批次 {e.otherPrices.map((p) => formatYuan(p)).join('、')}）</span>}
            </td>
            <td>{e.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Unmapped({ items }: { items: CatalogueItem[] }) {
  if (items.length === 0) return <p className="muted">所有项目均已对码。</p>;
  return (
    <table className="grid" data-testid="unmapped-list">
      <thead>
        <tr>
          <th>编码</th><th>名称</th><th>类别</th><th>规格</th><th>单位</th><th className="num">价格（元）</th><th>说明</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.code}>
            <td>{i.code}</td>
            <td>{i.name}</td>
            <td>{ITEM_KIND_NAMES[i.kind]}</td>
            <td>{i.spec}</td>
            <td>{i.unit}</td>
            <td className="num">{formatYuan(i.price)}</td>
            <td className="warn">未对码，仅可自费</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
