import { formatDateTime } from '../../shared/dates';
import { RECONCILE_FIELD_NAMES, RECONCILE_FIELDS } from '../../shared/district/protocol';
import type { ReconcileReport } from '../../shared/district/types';
import { formatYuan, subFen } from '../../shared/money';
import { facts, heading, notes, section, signatures, table } from '../reports/pdf/layout';
import { renderPdf, type PdfOptions } from '../reports/pdf/render';

const MISMATCH_NAMES = { missing_at_centre: '中心缺', missing_locally: '本机缺', amount_differs: '金额不符' } as const;
const REC_TYPES = { '2207': '结算', '2208': '退费' } as const;

/**
 * 对账单: the period's totals as the counter and the centre each hold them, side by side, the records that
 * differ, and lines for signatures — what the manager files and shows the district when asked.
 */
export function renderReconcilePdf(
  report: ReconcileReport,
  context: { hospital: string; fixmedinsCode: string; generatedAt: string },
  options: PdfOptions = {},
): Promise<Buffer> {
  const rows: string[][] = [
    ['笔数', String(report.local.count), String(report.centre.count), difference(report.local.count - report.centre.count, String)],
    ...RECONCILE_FIELDS.map((f) => [
      RECONCILE_FIELD_NAMES[f],
      formatYuan(report.local[f]),
      formatYuan(report.centre[f]),
      difference(subFen(report.local[f], report.centre[f]), formatYuan),
    ]),
  ];
  const differing = new Set(rows.flatMap((row, i) => (row[3] === '—' ? [] : [i])));
  const content = [
    ...heading(context.hospital, '医保结算对账单', [`${report.from} 至 ${report.to}`, '按营业日期', `制表 ${formatDateTime(context.generatedAt)}`].join('　')),
    facts([
      ['定点医药机构编码', context.fixmedinsCode],
      ['对账结果', report.totalsAgree && report.detailsAgree ? '一致' : '不一致'],
      ['对总账', report.totalsAgree ? '一致' : '不一致'],
      ['对明细账', report.detailsAgree ? '逐笔一致' : `${report.mismatches.length} 笔不符`],
    ]),
    section('对总账（本机与医保中心）'),
    table(
      [
        { header: '项目', width: '*' },
        { header: '本机', width: 90, align: 'right' },
        { header: '医保中心', width: 90, align: 'right' },
        { header: '差额（本机 − 中心）', width: 110, align: 'right' },
      ],
      rows,
      { errorRows: differing },
    ),
    section('对明细账（不符的记录）'),
    report.mismatches.length === 0
      ? notes(['无：本期每一笔结算与退费，本机与医保中心逐笔一致。'])
      : table(
          [
            { header: '收据号', width: 90 },
            { header: '类型', width: 40 },
            { header: '差异', width: 60 },
            { header: '本机 医疗总费用', width: '*', align: 'right' },
            { header: '中心 医疗总费用', width: '*', align: 'right' },
          ],
          report.mismatches.map((m) => {
            const line = m.local ?? m.centre;
            return [
              m.setl_id,
              line ? REC_TYPES[line.rec_type] : '',
              MISMATCH_NAMES[m.kind],
              m.local ? formatYuan(m.local.medfee_sumamt) : '—',
              m.centre ? formatYuan(m.centre.medfee_sumamt) : '—',
            ];
          }),
        ),
    notes([
      report.summary,
      ...(report.pending ? [`本期有 ${report.pending} 笔尚未得到医保中心答复（已保存在本机，上传后再对账）。`] : []),
      ...(report.rejected ? [`本期有 ${report.rejected} 笔被医保中心拒付，见“医保上传 → 拒付处理”。`] : []),
      '笔数：结算计 1 笔，退费计 −1 笔；金额单位：元；退费金额为负。自费结算不上传医保中心，不在本单内。',
    ]),
    signatures(['制表人', '医保办负责人', '院长']),
  ];
  return renderPdf({ title: `医保结算对账单 ${report.from} 至 ${report.to}`, author: context.hospital, content }, options);
}

export function reconcileFileName(report: ReconcileReport): string {
  return `医保对账单-${report.from}至${report.to}.pdf`;
}

function difference<N extends number>(value: N, format: (n: N) => string): string {
  return value === 0 ? '—' : format(value);
}
