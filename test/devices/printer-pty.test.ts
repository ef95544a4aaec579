/**
 * The printer path as it runs at the counter: serialport (serial-node.ts) on one end of a socat pty pair,
 * the virtual printer process on the other, ESC/POS decoded back to Chinese text by the printer.
 */
import { afterEach, expect, it } from 'vitest';
import { PrinterDriver } from '../../electron/devices/printer/printer-driver';
import { layoutReceipt, renderReceipt } from '../../electron/devices/printer/receipt-layout';
import { sampleReceipt } from '../../electron/devices/printer/sample-receipt';
import type { PrinterScenario } from '../../electron/devices/sim/virtual-printer';
import { type NodeSerialTransport, openSerial } from '../../electron/devices/transport/serial-node';
import { requireTool } from '../helpers/tools';
import { type PtyPrinter, startPtyPrinter } from './pty-printer';

const socat = requireTool('socat');

const open: { printer: PtyPrinter; port: NodeSerialTransport }[] = [];
afterEach(async () => {
  for (const { printer, port } of open.splice(0)) {
    await port.close();
    await printer.stop();
  }
});

async function connect(options: { scenario?: PrinterScenario; pace?: boolean } = {}) {
  const printer = await startPtyPrinter(options);
  const port = await openSerial({ path: printer.hostPath, baudRate: 9600, rtscts: true });
  open.push({ printer, port });
  return { printer, port, driver: new PrinterDriver(port, { statusTimeoutMs: 1000, afterJobDelayMs: 50 }) };
}

socat.describe('receipt printer over a socat pty (serialport → virtual printer)', () => {
  it('prints an 80 mm receipt whose Chinese text comes back exactly, 苯二氮䓬 and ￥ included', { timeout: 30_000 }, async () => {
    const { printer, driver } = await connect();
    const model = sampleReceipt({ qr: true });
    const result = await driver.printJob(renderReceipt(model, 80));
    expect(result).toMatchObject({ ok: true });
    await printer.waitFor((rs) => rs.some((r) => r.type === 'cut'));
    const expected = layoutReceipt(model, 80).flatMap((b) => (b.kind === 'text' ? [b.text] : []));
    const printed = printer.printedLines().filter((l) => l !== '');
    expect(printed).toEqual(expected);
    expect(printed).toContain('地西泮片（苯二氮䓬类）2.5mg');
    expect(printed.find((l) => l.startsWith('合计'))).toMatch(/￥88\.70$/);
    expect(printer.records().filter((r) => r.type === 'qr')).toEqual([expect.objectContaining({ data: 'MZ202611230001|8870|2548', printed: true })]);
    const title = printer.records().find((r) => r.type === 'line' && r.text === '门诊收费票据');
    expect(title).toMatchObject({ align: 'center', bold: true, width: 2, height: 2 });
  });

  it('paper out mid-receipt: the driver reports why, and the reprint (重打) prints once paper is back', { timeout: 30_000 }, async () => {
    const { printer, driver } = await connect({ scenario: { steps: [{ afterLines: 8, set: { paperOut: true } }, { afterMs: 400, set: { paperOut: false } }] } });
    const first = await driver.printJob(renderReceipt(sampleReceipt(), 58));
    expect(first).toMatchObject({ ok: false, code: 'PAPER_OUT', stage: 'after', reason: '打印过程中缺纸：这张票据没有打完整，请装入热敏纸卷后重打' });
    expect(printer.printedLines()).toHaveLength(8);
    // What a print queue does: wait until the printer reports paper again, then reprint with the mark.
    const deadline = Date.now() + 5000;
    for (;;) {
      const status = await driver.status();
      if (status.ok && !status.status.paperOut) break;
      if (Date.now() > deadline) throw new Error('paper never came back');
      await new Promise((r) => setTimeout(r, 100));
    }
    const again = await driver.printJob(renderReceipt(sampleReceipt({ reprintCount: 1 }), 58));
    expect(again).toMatchObject({ ok: true });
    await printer.waitFor((rs) => rs.filter((r) => r.type === 'cut').length === 2);
    const reprint = printer.printedLines().slice(8);
    expect(reprint).toContain('** 重打（第 1 次）**');
    expect(reprint.join('')).toContain('苯二氮䓬');
  });

  it('a printer that does not answer is reported before anything is sent', { timeout: 30_000 }, async () => {
    const { printer, driver } = await connect({ scenario: { initial: { mute: true } } });
    const result = await driver.printJob(renderReceipt(sampleReceipt(), 58));
    expect(result).toMatchObject({ ok: false, code: 'NO_RESPONSE', stage: 'before', bytesSent: 0 });
    expect(printer.records().some((r) => r.type === 'line')).toBe(false);
  });

  it('paced like a 9600-baud wire, a job takes at least its wire time (bytes × 10 ÷ baud)', { timeout: 30_000 }, async () => {
    const { driver } = await connect({ pace: true });
    const bytes = renderReceipt(sampleReceipt(), 58);
    const result = await driver.printJob(bytes);
    expect(result.ok).toBe(true);
    const wireMs = (bytes.length * 10 * 1000) / 9600;
    expect(result.ok && result.ms).toBeGreaterThanOrEqual(wireMs * 0.95);
  });
});
