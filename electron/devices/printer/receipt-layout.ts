/**
 * The receipt on paper: 58 mm rolls print 32 columns, 80 mm rolls 48 (12×24-dot font, CJK two columns).
 * `layoutReceipt` gives the lines (testable, and a preview for the page); `renderReceipt` the ESC/POS job.
 *
 *   58 mm (32 columns):  项目 16 | 数量 6 | 金额 10        80 mm (48 columns):  项目 28 | 数量 8 | 金额 12
 *
 * Long item names wrap inside their column; the quantity and amount stand on the name's last line. Every
 * amount column ends at the right margin, so amounts line up however many CJK characters precede them.
 */
import { type Fen, formatYuan } from '../../../shared/money';
import { maskId } from '../sscard/social-security-card';
import { type Align, EscPos } from './escpos';
import { type ReceiptModel, checkReceipt } from './receipt-model';
import { displayWidth, padEndWidth, padStartWidth, twoColumns, wrapWidth } from './text-width';

export type PaperWidth = 58 | 80;

export const PAPER_COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };
const ITEM_COLUMNS: Record<PaperWidth, { qty: number; amount: number }> = { 58: { qty: 6, amount: 10 }, 80: { qty: 8, amount: 12 } };

export type ReceiptBlock =
  | { kind: 'text'; text: string; align: Align; bold?: boolean; size?: 1 | 2 }
  | { kind: 'qr'; data: string }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface RenderOptions {
  /** Open the cash drawer after printing (a cash payment). */
  kickDrawer?: boolean;
  /** Blank lines before the cut, so the last line clears the cutter. */
  tailFeed?: number;
}

export function layoutReceipt(model: ReceiptModel, paper: PaperWidth): ReceiptBlock[] {
  checkReceipt(model);
  const width = PAPER_COLUMNS[paper];
  const { qty: qtyW, amount: amountW } = ITEM_COLUMNS[paper];
  const nameW = width - qtyW - amountW;
  const out: ReceiptBlock[] = [];
  const text = (t: string, align: Align = 'left', extra: { bold?: boolean; size?: 1 | 2 } = {}) => out.push({ kind: 'text', text: t, align, ...extra });
  const rule = () => text('-'.repeat(width));
  const pair = (label: string, value: string, bold = false) => {
    const line = twoColumns(label, value, width);
    if (line) text(line, 'left', bold ? { bold } : {});
    else {
      for (const piece of wrapWidth(label, width)) text(piece, 'left', bold ? { bold } : {});
      text(padStartWidth(value, width), 'left', bold ? { bold } : {});
    }
  };
  const yuan = (amount: Fen) => formatYuan(amount);

  for (const piece of wrapWidth(model.hospital, width)) text(piece, 'center', { bold: true });
  for (const piece of wrapWidth(model.title, Math.floor(width / 2))) text(piece, 'center', { bold: true, size: 2 });
  if (model.reprint) text(`** 重打（第 ${model.reprint.count} 次）**`, 'center', { bold: true });
  rule();
  pair('票据号：', model.receiptNo);
  pair('时间：', model.time);
  const who = [model.patient.name, model.patient.idNumber ? maskId(model.patient.idNumber) : ''].filter(Boolean).join(' ');
  for (const piece of wrapWidth(`患者：${who}`, width)) text(piece);
  if (model.patient.insurance) text(`类别：${model.patient.insurance}`);
  rule();
  text(padEndWidth('项目', nameW) + padStartWidth('数量', qtyW) + padStartWidth('金额(元)', amountW));
  for (const item of model.lines) {
    const names = wrapWidth(item.name, nameW - 1);
    const amount = yuan(item.amount);
    const tail = padStartWidth(item.quantity, qtyW) + padStartWidth(amount, amountW);
    const fits = displayWidth(item.quantity) < qtyW && displayWidth(amount) < amountW;
    if (fits) {
      names.slice(0, -1).forEach((n) => text(n));
      text(padEndWidth(names[names.length - 1]!, nameW) + tail);
    } else {
      names.forEach((n) => text(n));
      text(padStartWidth(`${item.quantity}  ${amount}`, width));
    }
  }
  rule();
  pair('合计', formatYuan(model.total, { sign: true }), true);
  for (const fund of model.funds) pair(fund.name, yuan(fund.amount));
  pair('个人支付', yuan(model.personal));
  if (model.account !== undefined && model.account !== 0) pair('  其中个人账户', yuan(model.account));
  pair('实收', yuan(model.paid));
  pair('找零', yuan(model.change));
  rule();
  pair('收费员：', model.operator);
  for (const line of model.footer ?? []) for (const piece of wrapWidth(line, width)) text(piece, 'center');
  if (model.qr) out.push({ kind: 'qr', data: model.qr });
  return out;
}

export function encodeReceipt(blocks: ReceiptBlock[], options: RenderOptions = {}): Buffer {
  const job = new EscPos().init();
  let align: Align = 'left';
  let bold = false;
  let size: 1 | 2 = 1;
  job.align(align).bold(bold).size(size);
  for (const block of blocks) {
    if (block.kind === 'text') {
      if (block.align !== align) job.align((align = block.align));
      if ((block.bold ?? false) !== bold) job.bold((bold = block.bold ?? false));
      if ((block.size ?? 1) !== size) job.size((size = block.size ?? 1));
      job.line(block.text);
    } else if (block.kind === 'qr') {
      if (align !== 'center') job.align((align = 'center'));
      job.qr(block.data).line();
    } else if (block.kind === 'feed') job.feed(block.lines);
    else job.cut();
  }
  if (size !== 1) job.size(1);
  if (bold) job.bold(false);
  job.feed(options.tailFeed ?? 4).cut('partial');
  if (options.kickDrawer) job.drawerKick();
  return job.build();
}

export function renderReceipt(model: ReceiptModel, paper: PaperWidth, options: RenderOptions = {}): Buffer {
  return encodeReceipt(layoutReceipt(model, paper), options);
}
