import { describe, expect, it } from 'vitest';
import { fen } from '../../shared/money';
import { PAPER_COLUMNS, type PaperWidth, layoutReceipt, renderReceipt } from '../../electron/devices/printer/receipt-layout';
import { checkReceipt } from '../../electron/devices/printer/receipt-model';
import { sampleReceipt } from '../../electron/devices/printer/sample-receipt';
import { displayWidth, padStartWidth, twoColumns, wrapWidth } from '../../electron/devices/printer/text-width';
import { decodeEscPos } from '../../electron/devices/sim/escpos-decoder';

describe('displayWidth', () => {
  it('counts ASCII as one column and every GB18030 multi-byte character as two', () => {
    expect(displayWidth('abc 123')).toBe(7);
    expect(displayWidth('苯二氮䓬')).toBe(8);
    expect(displayWidth('￥12.50')).toBe(7);
    expect(displayWidth('张𠮷')).toBe(4);
    expect(displayWidth('（）：')).toBe(6);
    expect(padStartWidth('3.20', 10)).toBe('      3.20');
    expect(twoColumns('合计', '￥88.70', 16)).toBe('合计     ￥88.70');
    expect(twoColumns('一二三四五六七八', '1', 16)).toBeNull();
  });

  it('wraps without splitting a character, preferring spaces', () => {
    expect(wrapWidth('阿莫西林胶囊 0.25g*24粒', 15)).toEqual(['阿莫西林胶囊', '0.25g*24粒']);
    expect(wrapWidth('苯二氮䓬苯二氮䓬', 5)).toEqual(['苯二', '氮䓬', '苯二', '氮䓬']);
    expect(wrapWidth('', 10)).toEqual(['']);
  });
});

describe.each([58, 80] as PaperWidth[])('%i mm receipt layout', (paper) => {
  const columns = PAPER_COLUMNS[paper];
  const blocks = layoutReceipt(sampleReceipt({ reprintCount: 2, qr: true }), paper);
  const texts = blocks.flatMap((b) => (b.kind === 'text' ? [b] : []));

  it(`keeps every line within ${columns} columns (double-size lines within ${columns / 2})`, () => {
    expect(columns).toBe(paper === 58 ? 32 : 48);
    for (const line of texts) expect(displayWidth(line.text) * (line.size ?? 1)).toBeLessThanOrEqual(columns);
  });

  it('ends every amount at the right margin, whatever CJK stands before it', () => {
    const amountRows = texts.filter((t) => /\d\.\d\d$/.test(t.text));
    expect(amountRows.length).toBeGreaterThanOrEqual(12);
    for (const row of amountRows) expect(displayWidth(row.text)).toBe(columns);
    const items = texts.filter((t) => /[盒瓶次袋] +[\d,]+\.\d\d$/.test(t.text));
    expect(items).toHaveLength(6);
    // The quantity column lines up too.
    const qtyEnds = items.map((t) => displayWidth(t.text.replace(/ +[\d,]+\.\d\d$/, '')));
    expect(new Set(qtyEnds).size).toBe(1);
  });

  it('has the header, the 重打 mark with its count, the patient masked, the totals and the QR code', () => {
    expect(texts[0]).toEqual({ kind: 'text', text: '示范县青山镇卫生院', align: 'center', bold: true });
    expect(texts[1]).toEqual({ kind: 'text', text: '门诊收费票据', align: 'center', bold: true, size: 2 });
    expect(texts[2]!.text).toBe('** 重打（第 2 次）**');
    expect(texts.map((t) => t.text)).toContain('患者：李建国 430721********0018');
    const total = texts.find((t) => t.text.startsWith('合计'))!;
    expect(total.bold).toBe(true);
    expect(total.text.endsWith('￥88.70')).toBe(true);
    expect(texts.some((t) => t.text.startsWith('个人支付') && t.text.endsWith('25.48'))).toBe(true);
    expect(texts.some((t) => t.text.startsWith('找零') && t.text.endsWith('4.52'))).toBe(true);
    expect(blocks.filter((b) => b.kind === 'qr')).toEqual([{ kind: 'qr', data: 'MZ202611230001|8870|2548' }]);
    expect(texts.map((t) => t.text).join('')).toContain('苯二氮䓬'); // wrapped over two lines on 58 mm
  });

  it('prints exactly the laid-out lines (ESC/POS round trip)', () => {
    const bytes = renderReceipt(sampleReceipt({ reprintCount: 2, qr: true }), paper, { kickDrawer: true });
    const events = decodeEscPos(bytes);
    expect(events.flatMap((e) => (e.type === 'line' && e.text !== '' ? [e.text] : []))).toEqual(texts.map((t) => t.text));
    expect(events.filter((e) => e.type === 'cut')).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'drawer', pin: 2, onMs: 50, offMs: 500 });
    expect(events.some((e) => e.type === 'unknown')).toBe(false);
  });
});

describe('receipt model checks', () => {
  it('refuses a receipt that does not add up, in Chinese', () => {
    const bad = sampleReceipt();
    bad.total = fen(bad.total + 1);
    expect(() => checkReceipt(bad)).toThrow(/各项金额之和 88.70 与合计 88.71 不符/);
    const cash = sampleReceipt();
    cash.change = fen(0);
    expect(() => checkReceipt(cash)).toThrow(/实收 30.00 减找零 0.00 不等于应付现金 25.48/);
    const yuan = sampleReceipt();
    // @ts-expect-error -- a yuan float gets past no type; the printer checks again before it prints.
    yuan.lines[0]!.amount = 25.6;
    expect(() => layoutReceipt(yuan, 58)).toThrow(expect.objectContaining({ code: 'RECEIPT_INVALID', message: expect.stringContaining('不是整数分') }));
    const account = sampleReceipt();
    account.account = fen(1000);
    account.paid = fen(1548);
    account.change = fen(0);
    expect(() => checkReceipt(account)).not.toThrow();
    expect(layoutReceipt(account, 58).some((b) => b.kind === 'text' && b.text.startsWith('  其中个人账户'))).toBe(true);
  });
});
