import { formatDateTime } from '../../shared/dates';
import { formatYuan, type Fen } from '../../shared/money';
import type { DailySheet } from '../../shared/reports-daily';
import { displayWidth, padStartWidth, twoColumns, wrapWidth } from '../devices/printer/text-width';

const yuan = (amount: Fen) => formatYuan(amount);

/**
 * The short form for the receipt printer: plain text lines no wider than `width` display columns (CJK two),
 * the same figures as the PDF, fewer words.
 */
export function dailySheetSlip(sheet: DailySheet, width = 48): string[] {
  const out: string[] = [];
  const center = (text: string) => {
    for (const piece of wrapWidth(text, width)) out.push(padStartWidth(piece, Math.floor((width + displayWidth(piece)) / 2)).trimEnd());
  };
  const line = (text: string) => out.push(...wrapWidth(text, width));
  const pair = (label: string, value: string) => {
    const both = twoColumns(label, value, width);
    if (both) out.push(both);
    else {
      line(label);
      out.push(padStartWidth(value, width));
    }
  };
  const rule = () => out.push('-'.repeat(width));

  center(sheet.hospital);
  center(sheet.title);
  rule();
  line(`营业日期：${sheet.businessDates.join('、') || '—'}`);
  line(`收费台：${sheet.counterIds.join('、') || '—'}`);
  if (sheet.cashiers.length > 0) line(`收费员：${sheet.cashiers.join('、')}`);
  line(`制表：${formatDateTime(sheet.generatedAt)}`);
  rule();
  line('票据号：');
  for (const s of sheet.receipts) {
    for (const r of s.runs) line(` ${s.label} ${r.count > 1 ? `${r.firstNo}至${r.lastNo}` : r.firstNo} 共${r.count}张`);
    for (const g of s.gaps) line(` !缺号 ${g.count > 1 ? `${g.firstNo}至${g.lastNo}` : g.firstNo} 共${g.count}张`);
  }
  if (sheet.receipts.length === 0) line(' 未使用票据号');
  line(' 不作废票据号，退费另开新号');
  rule();
  for (const r of sheet.byType) pair(`${r.label} ${r.settleCount}笔 退${r.refundCount}笔`, yuan(r.net));
  rule();
  for (const f of sheet.fundLayers) pair(f.label, yuan(f.net));
  rule();
  for (const p of sheet.payments) if (p.key === 'total' || p.settled !== 0 || p.refunded !== 0) pair(p.label, yuan(p.net));
  rule();
  pair(`退费 ${sheet.refundTotals.count}笔`, yuan(sheet.refundTotals.medfee));
  for (const r of sheet.refunds) pair(` ${r.receiptNo}冲${r.reversesReceiptNo.slice(-8)}`, yuan(r.medfee));
  pair(`预交金收取 ${sheet.deposits.paid.count}笔`, yuan(sheet.deposits.paid.amount));
  pair(`预交金退还 ${sheet.deposits.returned.count}笔`, yuan(sheet.deposits.returned.amount));
  rule();
  pair('现金收付合计', yuan(sheet.drawer.net));
  pair('备用金', yuan(sheet.cash.float));
  pair('应有现金', yuan(sheet.cash.expected));
  pair('实点现金', sheet.cash.counted === null ? '未交班' : yuan(sheet.cash.counted));
  pair('差额', sheet.cash.difference === null ? '—' : yuan(sheet.cash.difference));
  for (const p of sheet.problems) line(`!${p}`);
  rule();
  out.push('');
  line('收费员：');
  out.push('');
  line('复核人：');
  return out;
}
