import { formatDateTime } from '../../shared/dates';
import { formatYuan, type Fen } from '../../shared/money';
import type { DailySheet } from '../../shared/reports-daily';
import { facts, heading, notes, section, signatures, table } from './pdf/layout';
import { renderPdf, type PdfOptions } from './pdf/render';
import { NO_VOID_NOTE } from './receipt-series';

/** The PDF's file name as it crosses the API: 日结单-班次3.pdf, 日结单-2026-03-02-收费台01.pdf. */
export function dailySheetFileName(sheet: DailySheet): string {
  const what = sheet.scope.kind === 'shift' ? `班次${sheet.scope.shiftId}` : `${sheet.scope.date}${sheet.scope.counterId ? `-收费台${sheet.scope.counterId}` : ''}`;
  return `日结单-${what}.pdf`;
}

const yuan = (amount: Fen) => formatYuan(amount);

function scopeLine(sheet: DailySheet): string {
  const parts = [`营业日期 ${sheet.businessDates.join('、') || '—'}`];
  parts.push(`收费台 ${sheet.counterIds.join('、') || (sheet.scope.kind === 'day' && sheet.scope.counterId ? sheet.scope.counterId : '全部')}`);
  if (sheet.scope.kind === 'shift') parts.push(`班次 ${sheet.scope.shiftId}`);
  parts.push(`制表 ${formatDateTime(sheet.generatedAt)}`);
  return parts.join('　');
}

/** 收费 / 退费 / 合计 per row: the shape of the fund-layer and payment-method tables. */
function settledRefundedNet(
  what: string,
  rows: readonly { label: string; settled: Fen; refunded: Fen; net: Fen }[],
  options: { totalRows?: number } = {},
) {
  return table(
    [
      { header: what, width: '*' },
      { header: '收费', width: 90, align: 'right' },
      { header: '退费', width: 90, align: 'right' },
      { header: '合计', width: 90, align: 'right' },
    ],
    rows.map((r) => [r.label, yuan(r.settled), yuan(r.refunded), yuan(r.net)]),
    options,
  );
}

/** The 日结单 as an A4 PDF (pdfmake, the embedded Chinese font): every section, the notes, lines for signatures. */
export async function renderDailySheetPdf(sheet: DailySheet, options: PdfOptions = {}): Promise<Buffer> {
  const content = [
    ...heading(sheet.hospital, sheet.title, scopeLine(sheet)),
    facts([
      ['收费员', sheet.cashiers.join('、') || '—'],
      ['统计范围', sheet.scope.kind === 'shift' ? `班次 ${sheet.scope.shiftId} 的全部收费、退费与预交金` : `${sheet.scope.date} 当日${sheet.scope.counterId ? `收费台 ${sheet.scope.counterId} ` : '全部收费台'}的收费、退费与预交金`],
    ]),
  ];
  if (sheet.problems.length > 0) {
    content.push(section('异常提示'));
    content.push({ ul: sheet.problems.map((p) => ({ text: p, style: 'error' })) });
  }

  content.push(section('一、票据号使用情况'));
  const receiptRows: string[][] = [];
  const errorRows = new Set<number>();
  for (const series of sheet.receipts) {
    const ranges = series.runs.map((r) => (r.count > 1 ? `${r.firstNo} 至 ${r.lastNo}` : r.firstNo)).join('；');
    receiptRows.push([series.counterId, series.label, ranges, String(series.count), '—']);
    for (const gap of series.gaps) {
      errorRows.add(receiptRows.length);
      receiptRows.push([series.counterId, `${series.label}（缺号）`, gap.count > 1 ? `${gap.firstNo} 至 ${gap.lastNo}` : gap.firstNo, String(gap.count), '缺号，须查明']);
    }
    for (const other of series.elsewhere) {
      receiptRows.push([series.counterId, `${series.label}（他班使用）`, other.count > 1 ? `${other.firstNo} 至 ${other.lastNo}` : other.firstNo, String(other.count), '其他班次/日期']);
    }
  }
  if (receiptRows.length === 0) receiptRows.push(['—', '—', '本范围内未使用票据号', '0', '—']);
  content.push(
    table(
      [
        { header: '收费台', width: 40 },
        { header: '票据类别', width: 90 },
        { header: '起止号码', width: '*' },
        { header: '张数', width: 40, align: 'right' },
        { header: '说明', width: 80 },
      ],
      receiptRows,
      { errorRows },
    ),
  );
  content.push({ text: `作废票据：无。${NO_VOID_NOTE}`, style: 'note', margin: [0, 3, 0, 0] });

  content.push(section('二、结算笔数与金额（按类别）'));
  content.push(
    table(
      [
        { header: '类别', width: '*' },
        { header: '结算笔数', width: 55, align: 'right' },
        { header: '结算金额', width: 80, align: 'right' },
        { header: '退费笔数', width: 55, align: 'right' },
        { header: '退费金额', width: 80, align: 'right' },
        { header: '净额', width: 80, align: 'right' },
      ],
      sheet.byType.map((r) => [r.label, String(r.settleCount), yuan(r.settleAmount), String(r.refundCount), yuan(r.refundAmount), yuan(r.net)]),
      { totalRows: 1 },
    ),
  );

  content.push(section('三、按支付来源（基金分层，元）'));
  content.push(settledRefundedNet('支付来源', sheet.fundLayers));

  content.push(section('四、按收款方式（个人支付部分，元）'));
  content.push(settledRefundedNet('收款方式', sheet.payments, { totalRows: 1 }));

  content.push(section(`五、退费明细（${sheet.refundTotals.count} 笔，金额为负）`));
  content.push(
    table(
      [
        { header: '退费票据号', width: 60 },
        { header: '冲销原票据号', width: 60 },
        { header: '原结算日', width: 50 },
        { header: '类别', width: 44 },
        { header: '医疗费用', width: 50, align: 'right' },
        { header: '基金', width: 46, align: 'right' },
        { header: '个人现金', width: 46, align: 'right' },
        { header: '原因', width: '*' },
      ],
      [
        ...sheet.refunds.map((r) => [r.receiptNo, r.reversesReceiptNo, r.reversesDate, r.typeLabel, yuan(r.medfee), yuan(r.fund), yuan(r.cash), `${r.reason}（${r.operator}）`]),
        ['退费合计', `${sheet.refundTotals.count} 笔`, '', '', yuan(sheet.refundTotals.medfee), yuan(sheet.refundTotals.fund), yuan(sheet.refundTotals.cash), ''],
      ],
      { totalRows: 1 },
    ),
  );

  content.push(section('六、住院预交金'));
  const d = sheet.deposits;
  content.push(
    table(
      [
        { header: '项目', width: '*' },
        { header: '笔数', width: 55, align: 'right' },
        { header: '金额', width: 90, align: 'right' },
      ],
      [
        ['预交金收取', String(d.paid.count), yuan(d.paid.amount)],
        ...d.paid.byMethod.map((m) => [`\u3000其中${m.label}`, String(m.count), yuan(m.amount)]),
        ['出院冲抵（不经钱箱）', String(d.offset.count), yuan(d.offset.amount)],
        ['出院退还（现金）', String(d.returned.count), yuan(d.returned.amount)],
      ],
    ),
  );

  content.push(section('七、现金核对'));
  content.push(
    table(
      [
        { header: '项目', width: '*' },
        { header: '金额', width: 90, align: 'right' },
      ],
      [
        ['结算现金收付（净额）', yuan(sheet.drawer.settlementCash)],
        ['预交金现金收取', yuan(sheet.drawer.depositCash)],
        ['预交金现金退还', yuan(sheet.drawer.returnedCash)],
        ['现金收付合计', yuan(sheet.drawer.net)],
      ],
      { totalRows: 1 },
    ),
  );
  content.push({ text: '', margin: [0, 4, 0, 0] });
  content.push(
    table(
      [
        { header: '班次/收费台', width: 50 },
        { header: '收费员', width: 60 },
        { header: '交班时间', width: 68 },
        { header: '备用金', width: 50, align: 'right' },
        { header: '应有现金', width: 56, align: 'right' },
        { header: '实点现金', width: 56, align: 'right' },
        { header: '差额', width: 46, align: 'right' },
        { header: '说明', width: '*' },
      ],
      [
        ...sheet.cash.shifts.map((r) => [
          `${r.shiftId} / ${r.counterId}${r.spansOtherDays ? ' 跨日' : ''}`,
          r.cashierName,
          r.closedAt ? formatDateTime(r.closedAt) : '未交班',
          yuan(r.float),
          yuan(r.expected),
          r.counted === null ? '—' : yuan(r.counted),
          r.difference === null ? '—' : yuan(r.difference),
          r.difference === null ? '' : r.difference === 0 ? '相符' : `${r.difference > 0 ? '长款' : '短款'}${r.note ? `：${r.note}` : ''}`,
        ]),
        [
          '合计',
          '',
          '',
          yuan(sheet.cash.float),
          yuan(sheet.cash.expected),
          sheet.cash.counted === null ? '—' : yuan(sheet.cash.counted),
          sheet.cash.difference === null ? '—' : yuan(sheet.cash.difference),
          '',
        ],
      ],
      { totalRows: 1 },
    ),
  );

  content.push(notes(sheet.notes.map((n, i) => `注${i + 1}：${n}`)));
  content.push(signatures(['收费员', '复核人']));
  content.push({ text: '日期：____年____月____日', alignment: 'right', margin: [0, 12, 0, 0] });

  return renderPdf({ title: sheet.title, author: sheet.hospital, content }, options);
}
