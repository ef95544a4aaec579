import type { Content } from 'pdfmake/interfaces';
import { ApiError } from '../../shared/api/errors';
import { formatDateTime } from '../../shared/dates';
import { addFen, formatYuan, ZERO_FEN, type Fen } from '../../shared/money';
import { formatBp, formatChangeBp, formatIndicator, formatIndicatorChange } from '../../shared/format';
import { formatQty } from '../../shared/quantity';
import {
  divRound,
  FUND_LAYERS,
  ratioBp,
  type FundLayerKey,
  type IndicatorRow,
  type MonthFigures,
  type MonthlyGroupFigures,
  type MonthlyReport,
  type PdfFile,
} from '../../shared/reports-daily';
import type { Repositories } from '../db/repositories';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import { toPdfFile } from './pdf/render';
import { heading, notes, section, table } from './pdf/layout';
import { renderPdf, type PdfOptions } from './pdf/render';

type Group = 'outpatient' | 'chronic' | 'inpatient';

/** Settlements that count as visits: settled in the period and not reversed (as of the report). */
const VISITS = `
  SELECT b.med_type AS med_type, b.self_pay AS self_pay, count(*) AS visits,
         coalesce(sum(s.medfee_sumamt), 0) AS medfee, coalesce(sum(s.fund_pay_sumamt), 0) AS fund,
         coalesce(sum(s.hifp_pay), 0) AS hifp, coalesce(sum(s.inscp_scp_amt), 0) AS inscope,
         coalesce(sum(s.psn_part_amt), 0) AS personal
    FROM settlements s JOIN bills b ON b.id = s.bill_id
   WHERE s.business_date BETWEEN @from AND @to AND s.kind = 'settle'
     AND NOT EXISTS (SELECT 1 FROM settlements r WHERE r.reverses_id = s.id)
   GROUP BY 1, 2`;

/** The drug lines of those settlements, per visit type and item. */
const DRUG_LINES = `
  SELECT b.med_type AS med_type, l.item_code AS item_code, sum(l.amount) AS amount, sum(l.qty_milli) AS qty
    FROM settlements s JOIN bills b ON b.id = s.bill_id JOIN bill_lines l ON l.bill_id = s.bill_id
   WHERE s.business_date BETWEEN @from AND @to AND s.kind = 'settle'
     AND NOT EXISTS (SELECT 1 FROM settlements r WHERE r.reverses_id = s.id)
     AND l.item_code IN (SELECT code FROM catalogue_items WHERE kind = 'drug')
   GROUP BY 1, 2`;

/** The ledger's net per fund layer for the period: settlements and refunds by business date. */
const LEDGER_NET = `
  SELECT ${FUND_LAYERS.map((f) => `coalesce(sum(${f.key}), 0) AS ${f.key}`).join(', ')},
         coalesce(sum(kind = 'refund'), 0) AS refund_count,
         coalesce(sum(CASE WHEN kind = 'refund' THEN medfee_sumamt END), 0) AS refund_medfee
    FROM settlements WHERE business_date BETWEEN @from AND @to`;

/*
 * The same three figures from the per-day sums of migration 0009 (report_daily, report_daily_items,
 * report_daily_ledger), kept by triggers with every settlement and refund: a month reads a few hundred rows
 * instead of every settlement and line in it. Same results, row for row (the tests compare both ways).
 */
const VISITS_FROM_SUMS = `
  SELECT med_type, self_pay, sum(visits) AS visits, sum(medfee) AS medfee, sum(fund) AS fund, sum(hifp) AS hifp,
         sum(inscope) AS inscope, sum(personal) AS personal
    FROM report_daily WHERE business_date BETWEEN @from AND @to
   GROUP BY 1, 2 HAVING sum(visits) <> 0`;

const DRUG_LINES_FROM_SUMS = `
  SELECT med_type, item_code, sum(amount) AS amount, sum(qty_milli) AS qty
    FROM report_daily_items
   WHERE business_date BETWEEN @from AND @to AND item_code IN (SELECT code FROM catalogue_items WHERE kind = 'drug')
   GROUP BY 1, 2 HAVING sum(amount) <> 0 OR sum(qty_milli) <> 0`;

const LEDGER_NET_FROM_SUMS = `
  SELECT coalesce(sum(medfee), 0) AS medfee_sumamt, coalesce(sum(hifp), 0) AS hifp_pay, coalesce(sum(hifmi), 0) AS hifmi_pay,
         coalesce(sum(maf), 0) AS maf_pay, coalesce(sum(oth), 0) AS oth_pay, coalesce(sum(fund), 0) AS fund_pay_sumamt,
         coalesce(sum(acct), 0) AS acct_pay, coalesce(sum(cash), 0) AS psn_cash_pay,
         coalesce(sum(CASE WHEN kind = 'refund' THEN row_count END), 0) AS refund_count,
         coalesce(sum(CASE WHEN kind = 'refund' THEN medfee END), 0) AS refund_medfee
    FROM report_daily_ledger WHERE business_date BETWEEN @from AND @to`;

const SUMMARY_TABLES = ['report_daily', 'report_daily_items', 'report_daily_ledger'];

/** Stays discharged in the period: days = discharge date − admission date, a same-day stay counting 1. */
const STAYS = `
  SELECT count(*) AS discharged,
         coalesce(sum(max(1, CAST(julianday(x.discharged_on) - julianday(a.admitted_on) AS INTEGER))), 0) AS bed_days
    FROM discharges x JOIN admissions a ON a.id = x.admission_id
   WHERE x.discharged_on BETWEEN @from AND @to
     AND NOT EXISTS (SELECT 1 FROM settlements r WHERE r.reverses_id = x.settlement_id)`;

export const MONTHLY_DEFINITIONS: readonly string[] = [
  '人次：本月结算（不含退费记录）且截至制表时未被退费的结算笔数，按结算营业日期归月；门诊含普通门诊与门诊慢特病，住院为出院结算；自费结算计入人次与费用。',
  '医疗费用总额：上述结算的医疗费用总额（medfee_sumamt）之和。次均费用 = 医疗费用总额 ÷ 人次，按分四舍五入。',
  '药占比 = 药品费用 ÷ 医疗费用总额；药品费用为上述结算明细中目录类别为"药品"的金额之和。',
  '基本药物使用率（按金额）= 基本药物（国家基本药物及省增补）金额 ÷ 药品费用。',
  '实际报销比 = 基金支付合计（fund_pay_sumamt）÷ 医疗费用总额；政策范围内报销比 = 统筹基金支付（hifp_pay）÷ 政策范围内费用（inscp_scp_amt）；个人负担比例 = 个人负担（psn_part_amt）÷ 医疗费用总额。三者只含医保结算，不含自费结算。',
  '平均住院日 = 本月出院者住院天数之和 ÷ 出院人数（保留两位小数）；住院天数 = 出院日期 − 入院日期，当日入出院计 1 天。',
  '比例均以万分之一为单位用整数计算、四舍五入，以百分数列示两位小数。环比：人次、金额、天数为（本月 − 上月）÷ 上月；比例类指标为本月与上月之差（百分点）。上月为零时不计算环比（—）。',
  '基金支付（按层级）为本月全部结算与退费流水按营业日期的净额（退费冲减其发生的月份），用于与医保经办机构对账，口径与上列指标（未退费结算）不同。',
];

/**
 * 月报: visits, cost per visit, drug share, essential-drug share, reimbursement ratios, average stay, the fund
 * layers and the top ten drugs, with the change from the month before. Every amount is a sum over ledger
 * rows in integer fen; every ratio an integer in parts per ten thousand.
 */
export interface MonthlyReportOptions extends PdfOptions {
  /** 'auto' (default): read migration 0009's per-day sums when the database has them; 'never': the ledger rows. */
  summaries?: 'auto' | 'never';
}

export class MonthlyReports {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly now: () => Date = () => new Date(),
    private readonly options: MonthlyReportOptions = {},
  ) {}

  /** Whether this database keeps the per-day report sums (migration 0009). */
  usesSummaries(): boolean {
    if (this.options.summaries === 'never') return false;
    const found = prepared(
      this.db,
      `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN (${SUMMARY_TABLES.map(() => '?').join(', ')})`,
    )
      .pluck()
      .get(...SUMMARY_TABLES) as number;
    return found === SUMMARY_TABLES.length;
  }

  report(month: string): MonthlyReport {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new ApiError('BAD_INPUT', '月份应为 yyyy-mm', { issues: [{ path: 'month', message: '月份应为 yyyy-mm' }] });
    }
    return this.db.transaction(() => {
      const previousMonth = monthBefore(month);
      const current = this.figures(month);
      const previous = this.figures(previousMonth);
      const [y, m] = month.split('-').map(Number) as [number, number];
      return {
        hospital: this.repos.settings.counter().hospitalName,
        title: `${y}年${m}月医疗服务与医保结算月报`,
        month,
        previousMonth,
        generatedAt: this.now().toISOString(),
        current,
        previous,
        indicators: indicators(current, previous),
        funds: current.funds.map((f) => {
          const before = previous.funds.find((p) => p.key === f.key)?.amount ?? ZERO_FEN;
          return { ...f, previous: before, change: growth(f.amount, before) };
        }),
        definitions: [...MONTHLY_DEFINITIONS],
      };
    })();
  }

  async pdf(month: string): Promise<Buffer> {
    return renderMonthlyReportPdf(this.report(month), this.options);
  }

  async pdfFile(month: string): Promise<PdfFile> {
    return toPdfFile(await this.pdf(month), `月报-${month}.pdf`);
  }

  /** One month's figures. */
  figures(month: string): MonthFigures {
    const from = `${month}-01`;
    const to = lastDayOf(month);
    const params = { from, to };
    const sums = this.usesSummaries();
    const empty = (): MonthlyGroupFigures => ({
      visits: 0,
      medfee: ZERO_FEN,
      drugAmount: ZERO_FEN,
      essentialDrugAmount: ZERO_FEN,
      insuredVisits: 0,
      insuredMedfee: ZERO_FEN,
      fund: ZERO_FEN,
      hifp: ZERO_FEN,
      inscope: ZERO_FEN,
      personal: ZERO_FEN,
    });
    const groups: Record<Group, MonthlyGroupFigures> = { outpatient: empty(), chronic: empty(), inpatient: empty() };
    let selfPayVisits = 0;

    const visits = prepared(this.db, sums ? VISITS_FROM_SUMS : VISITS).all(params) as {
      med_type: Group;
      self_pay: number;
      visits: number;
      medfee: Fen;
      fund: Fen;
      hifp: Fen;
      inscope: Fen;
      personal: Fen;
    }[];
    for (const v of visits) {
      const g = groups[v.med_type];
      g.visits += v.visits;
      g.medfee = addFen(g.medfee, v.medfee);
      if (v.self_pay === 1) {
        selfPayVisits += v.visits;
        continue;
      }
      g.insuredVisits += v.visits;
      g.insuredMedfee = addFen(g.insuredMedfee, v.medfee);
      g.fund = addFen(g.fund, v.fund);
      g.hifp = addFen(g.hifp, v.hifp);
      g.inscope = addFen(g.inscope, v.inscope);
      g.personal = addFen(g.personal, v.personal);
    }

    const drugs = this.drugCatalogue();
    const items = new Map<string, { amount: Fen; qty: number }>();
    const lines = prepared(this.db, sums ? DRUG_LINES_FROM_SUMS : DRUG_LINES).all(params) as { med_type: Group; item_code: string; amount: Fen; qty: number }[];
    for (const line of lines) {
      const g = groups[line.med_type];
      g.drugAmount = addFen(g.drugAmount, line.amount);
      if (drugs.get(line.item_code)?.essential) g.essentialDrugAmount = addFen(g.essentialDrugAmount, line.amount);
      const item = items.get(line.item_code) ?? { amount: ZERO_FEN, qty: 0 };
      item.amount = addFen(item.amount, line.amount);
      item.qty += line.qty;
      items.set(line.item_code, item);
    }

    const outpatient = add(groups.outpatient, groups.chronic);
    const total = add(outpatient, groups.inpatient);
    const ledger = prepared(this.db, sums ? LEDGER_NET_FROM_SUMS : LEDGER_NET).get(params) as Record<FundLayerKey, Fen> & { refund_count: number; refund_medfee: Fen };
    const stays = prepared(this.db, STAYS).get(params) as { discharged: number; bed_days: number };
    const topDrugs = [...items]
      .sort(([codeA, a], [codeB, b]) => b.amount - a.amount || (codeA < codeB ? -1 : codeA > codeB ? 1 : 0))
      .slice(0, 10)
      .map(([itemCode, item], i) => {
        const drug = drugs.get(itemCode);
        return {
          rank: i + 1,
          itemCode,
          name: drug?.name ?? itemCode,
          spec: drug?.spec ?? '',
          unit: drug?.unit ?? '',
          essential: drug?.essential ?? false,
          qtyMilli: item.qty,
          amount: item.amount,
          shareBp: ratioBp(item.amount, total.drugAmount),
        };
      });

    return {
      month,
      from,
      to,
      outpatient,
      chronic: groups.chronic,
      inpatient: groups.inpatient,
      total,
      selfPayVisits,
      stays: { discharged: stays.discharged, bedDays: stays.bed_days },
      funds: FUND_LAYERS.map(({ key, label }) => ({ key, label, amount: ledger[key] })),
      refunds: { count: ledger.refund_count, medfee: ledger.refund_medfee },
      topDrugs,
    };
  }

  private drugCatalogue(): Map<string, { name: string; spec: string; unit: string; essential: boolean }> {
    const rows = prepared(this.db, "SELECT code, name, spec, unit, essential FROM catalogue_items WHERE kind = 'drug'").all() as {
      code: string;
      name: string;
      spec: string;
      unit: string;
      essential: string;
    }[];
    return new Map(rows.map((r) => [r.code, { name: r.name, spec: r.spec, unit: r.unit, essential: r.essential !== 'none' }]));
  }
}

function add(a: MonthlyGroupFigures, b: MonthlyGroupFigures): MonthlyGroupFigures {
  return {
    visits: a.visits + b.visits,
    medfee: addFen(a.medfee, b.medfee),
    drugAmount: addFen(a.drugAmount, b.drugAmount),
    essentialDrugAmount: addFen(a.essentialDrugAmount, b.essentialDrugAmount),
    insuredVisits: a.insuredVisits + b.insuredVisits,
    insuredMedfee: addFen(a.insuredMedfee, b.insuredMedfee),
    fund: addFen(a.fund, b.fund),
    hifp: addFen(a.hifp, b.hifp),
    inscope: addFen(a.inscope, b.inscope),
    personal: addFen(a.personal, b.personal),
  };
}

/** (now − before) ÷ before in parts per ten thousand, rounded half away from zero; null when before is 0. */
function growth(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return ratioBp(now - before, before);
}

function perVisit(g: MonthlyGroupFigures): number | null {
  return g.visits === 0 ? null : divRound(g.medfee, g.visits);
}

/** Average stay in hundredths of a day. */
function averageStay(f: MonthFigures): number | null {
  return f.stays.discharged === 0 ? null : divRound(f.stays.bedDays * 100, f.stays.discharged);
}

function indicators(cur: MonthFigures, prev: MonthFigures): IndicatorRow[] {
  type Pick = (g: MonthlyGroupFigures) => number | null;
  const row = (key: string, label: string, kind: IndicatorRow['kind'], pick: Pick): IndicatorRow => {
    const total = pick(cur.total);
    const previousTotal = pick(prev.total);
    const change =
      kind === 'ratio' ? (total === null || previousTotal === null ? null : total - previousTotal) : growth(total, previousTotal);
    return { key, label, kind, outpatient: pick(cur.outpatient), inpatient: pick(cur.inpatient), total, previousTotal, change };
  };
  const stay = averageStay(cur);
  const prevStay = averageStay(prev);
  return [
    row('visits', '人次', 'count', (g) => g.visits),
    {
      key: 'chronicVisits',
      label: '其中：门诊慢特病人次',
      kind: 'count',
      outpatient: cur.chronic.visits,
      inpatient: null,
      total: cur.chronic.visits,
      previousTotal: prev.chronic.visits,
      change: growth(cur.chronic.visits, prev.chronic.visits),
    },
    row('medfee', '医疗费用总额', 'amount', (g) => g.medfee),
    row('perVisit', '次均费用', 'amount', perVisit),
    row('drugAmount', '药品费用', 'amount', (g) => g.drugAmount),
    row('drugShare', '药占比', 'ratio', (g) => ratioBp(g.drugAmount, g.medfee)),
    row('essentialShare', '基本药物使用率（按金额）', 'ratio', (g) => ratioBp(g.essentialDrugAmount, g.drugAmount)),
    row('reimbursement', '实际报销比', 'ratio', (g) => ratioBp(g.fund, g.insuredMedfee)),
    row('policyReimbursement', '政策范围内报销比', 'ratio', (g) => ratioBp(g.hifp, g.inscope)),
    row('personalShare', '个人负担比例', 'ratio', (g) => ratioBp(g.personal, g.insuredMedfee)),
    {
      key: 'discharged',
      label: '出院人数',
      kind: 'count',
      outpatient: null,
      inpatient: cur.stays.discharged,
      total: cur.stays.discharged,
      previousTotal: prev.stays.discharged,
      change: growth(cur.stays.discharged, prev.stays.discharged),
    },
    { key: 'averageStay', label: '平均住院日（天）', kind: 'days', outpatient: null, inpatient: stay, total: stay, previousTotal: prevStay, change: growth(stay, prevStay) },
  ];
}

export function monthBefore(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

// ------------------------------------------------------------------------------------------------ PDF


export async function renderMonthlyReportPdf(report: MonthlyReport, options: PdfOptions = {}): Promise<Buffer> {
  const cur = report.current;
  const content: Content[] = [
    ...heading(
      report.hospital,
      report.title,
      `统计期间 ${cur.from} 至 ${cur.to}\u3000对比上月 ${report.previousMonth}\u3000制表 ${formatDateTime(report.generatedAt)}`,
    ),
    section('一、主要指标'),
    table(
      [
        { header: '指标', width: '*' },
        { header: '门诊', width: 66, align: 'right' },
        { header: '住院', width: 66, align: 'right' },
        { header: '合计', width: 70, align: 'right' },
        { header: '上月合计', width: 70, align: 'right' },
        { header: '环比', width: 76, align: 'right' },
      ],
      report.indicators.map((r) => [
        r.label,
        formatIndicator(r.kind, r.outpatient),
        formatIndicator(r.kind, r.inpatient),
        formatIndicator(r.kind, r.total),
        formatIndicator(r.kind, r.previousTotal),
        formatIndicatorChange(r.kind, r.change),
      ]),
    ),
    { text: `金额单位：元。自费结算 ${cur.selfPayVisits} 人次计入人次与费用，不计入报销比例。本月退费 ${cur.refunds.count} 笔，金额 ${formatYuan(cur.refunds.medfee)} 元。`, style: 'note', margin: [0, 3, 0, 0] },
    section('二、基金支付（按层级，元）'),
    table(
      [
        { header: '支付来源', width: '*' },
        { header: '本月', width: 100, align: 'right' },
        { header: '上月', width: 100, align: 'right' },
        { header: '环比', width: 80, align: 'right' },
      ],
      report.funds.map((f) => [f.label, formatYuan(f.amount), formatYuan(f.previous), formatChangeBp(f.change)]),
    ),
    section('三、药品金额前十名'),
    table(
      [
        { header: '序号', width: 26, align: 'right' },
        { header: '药品名称', width: '*' },
        { header: '规格', width: 80 },
        { header: '基本药物', width: 44, align: 'center' },
        { header: '数量', width: 56, align: 'right' },
        { header: '金额（元）', width: 70, align: 'right' },
        { header: '占药品费用', width: 56, align: 'right' },
      ],
      cur.topDrugs.length > 0
        ? cur.topDrugs.map((d) => [String(d.rank), d.name, d.spec, d.essential ? '是' : '否', `${formatQty(d.qtyMilli)}${d.unit}`, formatYuan(d.amount), formatBp(d.shareBp)])
        : [['', '本月无药品费用', '', '', '', '', '']],
    ),
    notes(report.definitions.map((d, i) => `注${i + 1}：${d}`)),
  ];
  return renderPdf({ title: report.title, author: report.hospital, content }, options);
}
