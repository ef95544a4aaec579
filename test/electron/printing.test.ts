import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPrinter, type PtyPrinter } from '../devices/pty-printer';
import { inProcessClient } from '../helpers/client';
import { openDemoApp } from '../helpers/temp-app';
import { requireTool } from '../helpers/tools';
import { outpatientBill } from '../helpers/demo-bills';
import { localDate } from '../../shared/dates';
import { fen, formatYuan } from '../../shared/money';

// The receipt path end to end: settlement → print job in the same transaction → worker → ESC/POS over the
// real serialport code → socat pty → virtual printer decoding GB18030.
const socat = requireTool('socat');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});


async function counterWithPrinter(printer: PtyPrinter) {
  const app = openDemoApp();
  cleanups.push(() => app.dispose());
  const client = inProcessClient(app);
  await client['devices.updateSettings']({ printer: { path: printer.hostPath, baudRate: 9600, rtscts: true, paper: 80, kickDrawer: false }, reader: null });
  return { app, client };
}

socat.describe('receipts through the print queue', () => {
  it('prints a settlement receipt in Chinese and marks the job printed only on the printer\'s word', { timeout: 30_000 }, async () => {
    const printer = await startPtyPrinter();
    cleanups.push(() => printer.stop());
    const { client } = await counterWithPrinter(printer);
    const due = (await client['settlement.preview'](outpatientBill())).amounts.psn_cash_pay;
    const sale = await client['settlement.settle']({ ...outpatientBill(), clientRequestId: 'print-e2e-0001', tendered: due + 5_000 });
    expect(await client['print.pending']()).toHaveLength(1);
    const drained = await client['print.drain']();
    expect(drained.printed).toHaveLength(1);
    await printer.waitFor((rs) => rs.some((r) => r.type === 'cut'));
    const text = printer.printedLines().join('\n');
    expect(text).toContain('门诊收费票据');
    expect(text).toContain(sale.receiptNo);
    expect(text).toContain('刘建国');
    expect(text).toContain('阿莫西林胶囊');
    // 实收 and 找零 as the cashier took them.
    expect(text).toMatch(new RegExp(`实收\\s+${formatYuan(fen(due + 5_000))}`));
    expect(text).toMatch(/找零\s+50\.00/);
    expect(await client['print.pending']()).toEqual([]);
  });

  it('paper out mid-receipt keeps the job with the reason; paper back gives one complete receipt marked 重打', { timeout: 30_000 }, async () => {
    const printer = await startPtyPrinter({ scenario: { steps: [{ afterLines: 6, set: { paperOut: true } }, { afterMs: 500, set: { paperOut: false } }] } });
    cleanups.push(() => printer.stop());
    const { client } = await counterWithPrinter(printer);
    const sale = await client['settlement.settle']({ ...outpatientBill(), clientRequestId: 'print-e2e-0002' });

    const first = await client['print.drain']();
    expect(first.printed).toEqual([]);
    expect(first.failed[0]?.reason).toContain('缺纸');
    const [pending] = await client['print.pending']();
    expect(pending).toMatchObject({ refId: sale.id, partlyPrinted: true });
    expect(pending!.lastError).toContain('缺纸');

    let second = await client['print.drain']();
    for (let i = 0; second.printed.length === 0 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      second = await client['print.drain']();
    }
    expect(second.printed).toEqual([pending!.id]);
    // The torn first attempt still ends with a cut command; the complete copy is the second.
    await printer.waitFor((rs) => rs.filter((r) => r.type === 'cut').length === 2);
    const lines = printer.printedLines();
    const complete = lines.slice(6).join('\n');
    expect(complete).toContain('重打');
    expect(complete).toContain(sale.receiptNo);
    expect(complete).toContain('合计');
    expect(await client['print.pending']()).toEqual([]);
  });
});

socat.describe('the 日结单 slip', () => {
  it('goes through the same queue to the receipt printer', { timeout: 30_000 }, async () => {
    const printer = await startPtyPrinter();
    cleanups.push(() => printer.stop());
    const { client } = await counterWithPrinter(printer);
    await client['settlement.settle']({ ...outpatientBill(), clientRequestId: 'print-daily-01' });
    await client['print.drain']();
    await printer.waitFor((rs) => rs.filter((r) => r.type === 'cut').length === 1);
    const today = localDate(new Date());
    const job = await client['print.dailySlip']({ date: today });
    expect(job).toMatchObject({ kind: 'daily', refId: 1, payload: { date: today } });
    const drained = await client['print.drain']();
    expect(drained.printed).toEqual([job.id]);
    await printer.waitFor((rs) => rs.filter((r) => r.type === 'cut').length === 2);
    const expected = await client['reports.dailySheetSlip']({ date: today, paper: 80 });
    const printed = printer.printedLines();
    for (const line of expected.filter((l) => l.trim())) expect(printed).toContain(line.trimEnd());
  });
});

describe('without a printer', () => {
  it('keeps every receipt waiting and says why', async () => {
    const app = openDemoApp();
    cleanups.push(() => app.dispose());
    const client = inProcessClient(app);
    await client['settlement.settle']({ ...outpatientBill(), clientRequestId: 'print-none-01' });
    const drained = await client['print.drain']();
    expect(drained.failed[0]?.reason).toContain('未配置收据打印机');
    const [waiting] = await client['print.pending']();
    expect(waiting?.lastError).toContain('未配置收据打印机');
  });
});
