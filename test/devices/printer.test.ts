import { afterEach, describe, expect, it } from 'vitest';
import { type PrintResult, PrinterDriver } from '../../electron/devices/printer/printer-driver';
import { renderReceipt } from '../../electron/devices/printer/receipt-layout';
import { sampleReceipt } from '../../electron/devices/printer/sample-receipt';
import { type PrinterStatus, decodeStatus, encodeStatus, isStatusByte, statusProblem } from '../../electron/devices/printer/status';
import { MemorySerialTransport } from '../../electron/devices/sim/memory-serial';
import { type PrinterScenario, VirtualPrinter } from '../../electron/devices/sim/virtual-printer';
import { checkSerialSettings } from '../../electron/devices/transport/types';

const READY: PrinterStatus = { paperOut: false, coverOpen: false, offline: false, error: false, paperNearEnd: false };

describe('DLE EOT status decoding', () => {
  it('reads each bit of the four answers', () => {
    expect(decodeStatus({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 })).toEqual({ ...READY, drawerOpen: false });
    expect(decodeStatus({ 1: 0x1a, 2: 0x32, 4: 0x7e })).toMatchObject({ offline: true, paperOut: true, paperNearEnd: true });
    expect(decodeStatus({ 1: 0x1a, 2: 0x16 })).toMatchObject({ offline: true, coverOpen: true, paperOut: false });
    expect(decodeStatus({ 1: 0x1a, 2: 0x52, 3: 0x1a })).toMatchObject({ error: true, errorKind: 'cutter' });
    expect(decodeStatus({ 4: 0x1e })).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(decodeStatus({ 1: 0x16 }).drawerOpen).toBe(true);
  });

  it('tells a status byte from noise (fixed bits 1 and 4 set, 0 and 7 clear)', () => {
    expect([0x12, 0x16, 0x1a, 0x32, 0x72, 0x7e].every(isStatusByte)).toBe(true);
    expect([0x00, 0xff, 0x13, 0x92, 0x10, 0x02].some(isStatusByte)).toBe(false);
  });

  it('encodes and decodes every state the virtual printer can be in', () => {
    const states: PrinterStatus[] = [
      READY,
      { ...READY, paperOut: true },
      { ...READY, coverOpen: true },
      { ...READY, paperNearEnd: true },
      { ...READY, error: true, errorKind: 'cutter' },
      { ...READY, error: true, errorKind: 'temperature' },
    ];
    for (const s of states) {
      const bytes = encodeStatus(s);
      expect(Object.values(bytes).every(isStatusByte)).toBe(true);
      const back = decodeStatus(bytes);
      expect(back).toMatchObject({ paperOut: s.paperOut, coverOpen: s.coverOpen, error: s.error, paperNearEnd: s.paperNearEnd || s.paperOut });
      expect(back.offline).toBe(s.paperOut || s.coverOpen || s.error);
    }
  });

  it('names the problem in Chinese, cover first', () => {
    expect(statusProblem(READY)).toBeNull();
    expect(statusProblem({ ...READY, paperNearEnd: true })).toBeNull();
    expect(statusProblem({ ...READY, paperOut: true, offline: true })).toEqual({ code: 'PAPER_OUT', reason: '打印机缺纸，请装入热敏纸卷' });
    expect(statusProblem({ ...READY, paperOut: true, coverOpen: true })!.code).toBe('COVER_OPEN');
    expect(statusProblem({ ...READY, error: true, errorKind: 'cutter' })!.reason).toMatch(/切刀/);
    expect(statusProblem({ ...READY, offline: true })!.reason).toMatch(/离线/);
  });

  it('accepts only the baud rates the printers are set to', () => {
    expect(() => checkSerialSettings({ path: 'COM3', baudRate: 9600 })).not.toThrow();
    expect(() => checkSerialSettings({ path: 'COM3', baudRate: 38400 as 9600 })).toThrow('打印机波特率只能是 9600、19200、115200，收到 38400');
    expect(() => checkSerialSettings({ path: '', baudRate: 9600 })).toThrow(/请设置打印机串口/);
  });
});

/** The driver against the virtual printer over an in-memory link. */
function rig(scenario: PrinterScenario = {}, answer?: (n: number) => Buffer | null) {
  let printer: VirtualPrinter | null = null;
  const link: MemorySerialTransport = new MemorySerialTransport(115200, (chunk) => {
    if (answer) {
      for (let i = 0; i + 2 < chunk.length; i++) {
        if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) {
          const reply = answer(chunk[i + 2]!);
          if (reply) link.fromDevice(reply);
        }
      }
    } else printer!.receive(chunk);
  });
  printer = new VirtualPrinter(scenario, (bytes) => link.fromDevice(bytes));
  const driver = new PrinterDriver(link, { statusTimeoutMs: 80, afterJobDelayMs: 0 });
  cleanups.push(() => printer!.dispose());
  return { printer, link, driver };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const receipt = (reprintCount?: number) => renderReceipt(sampleReceipt(reprintCount ? { reprintCount } : {}), 58);
const failed = (r: PrintResult) => (r.ok ? null : r);

describe('printer driver', () => {
  it('prints a receipt when the printer is ready, checking status before and after', async () => {
    const { printer, driver, link } = rig();
    const result = await driver.printJob(receipt());
    expect(result).toMatchObject({ ok: true, bytes: receipt().length });
    expect(printer.printedLines()).toContain('示范县青山镇卫生院');
    expect(printer.printedLines().join('')).toContain('苯二氮䓬');
    const queries = printer.records.flatMap((r) => (r.type === 'status' ? [r.n] : []));
    expect(queries).toEqual([1, 4, 1, 4]);
    expect(link.sent[2]!.length).toBe(receipt().length);
  });

  it('refuses to send when there is no paper: nothing printed, reason in Chinese', async () => {
    const { printer, driver } = rig({ initial: { paperOut: true } });
    const result = await driver.printJob(receipt());
    expect(failed(result)).toMatchObject({ code: 'PAPER_OUT', stage: 'before', bytesSent: 0, reason: '打印机缺纸，请装入热敏纸卷' });
    expect(printer.records.some((r) => r.type === 'line')).toBe(false);
    expect(printer.records.flatMap((r) => (r.type === 'status' ? [r.n] : []))).toEqual([1, 4, 2]);
  });

  it('paper out mid-receipt: the job fails after sending with the reason, and a reprint after loading paper succeeds', async () => {
    // Paper runs out after 6 lines; it is loaded again after 6 more status requests (the failed job's final
    // check and the refused retry's first check: 1, 4, 2 each).
    const { printer, driver } = rig({ steps: [{ afterLines: 6, set: { paperOut: true } }, { afterStatusQueries: 6, set: { paperOut: false } }] });
    const first = await driver.printJob(receipt());
    expect(failed(first)).toMatchObject({ code: 'PAPER_OUT', stage: 'after', reason: '打印过程中缺纸：这张票据没有打完整，请装入热敏纸卷后重打' });
    expect(printer.printedLines()).toHaveLength(6);
    const lost = printer.records.filter((r) => r.type === 'line' && !r.printed);
    expect(lost.length).toBeGreaterThan(10);
    // Still out of paper: the queue's retry is refused before anything is sent.
    expect(failed(await driver.printJob(receipt(1)))).toMatchObject({ code: 'PAPER_OUT', stage: 'before' });
    const again = await driver.printJob(receipt(1));
    expect(again.ok).toBe(true);
    const lines = printer.printedLines();
    expect(lines.slice(6)).toContain('** 重打（第 1 次）**');
    expect(lines.slice(6).join('')).toContain('苯二氮䓬');
  });

  it('reports a cover opened, a cutter error and paper near its end', async () => {
    expect(failed(await rig({ initial: { coverOpen: true } }).driver.printJob(receipt()))).toMatchObject({ code: 'COVER_OPEN', reason: expect.stringMatching(/上盖/) });
    const cutter = failed(await rig({ initial: { error: true, errorKind: 'cutter' } }).driver.printJob(receipt()));
    expect(cutter).toMatchObject({ code: 'PRINTER_ERROR', reason: expect.stringContaining('切刀故障') });
    const nearEnd = await rig({ initial: { paperNearEnd: true } }).driver.printJob(receipt());
    expect(nearEnd).toMatchObject({ ok: true, warning: '打印纸即将用完，请准备新纸卷' });
  });

  it('a silent printer, a wrong baud rate and a pulled cable each get their own reason', async () => {
    const silent = failed(await rig({ initial: { mute: true } }).driver.printJob(receipt()));
    expect(silent).toMatchObject({ code: 'NO_RESPONSE', stage: 'before', reason: expect.stringContaining('打印机无响应') });
    const garbled = failed(await rig({}, () => Buffer.of(0xf8)).driver.printJob(receipt()));
    expect(garbled).toMatchObject({ code: 'BAD_STATUS', reason: expect.stringContaining('0xF8') });
    expect(garbled!.reason).toContain('波特率');
    const { driver, link } = rig();
    await link.close(new Error('USB 转串口线已拔出'));
    expect(failed(await driver.printJob(receipt()))).toMatchObject({ code: 'PORT_CLOSED', reason: expect.stringContaining('已断开') });
  });

  it('reads the status for the device page and kicks the drawer', async () => {
    const { printer, driver } = rig({ initial: { paperNearEnd: true } });
    expect(await driver.status()).toEqual({ ok: true, status: { ...READY, paperNearEnd: true, drawerOpen: false } });
    await driver.kickDrawer();
    await new Promise((r) => setTimeout(r, 5));
    expect(printer.records.at(-1)).toEqual({ type: 'drawer', pin: 2, onMs: 50, offMs: 500 });
  });
});
