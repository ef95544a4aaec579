import { afterEach, expect, it } from 'vitest';
import type { CallOrigin } from '../../electron/api/handlers';
import { openCounterApp } from '../../electron/app/counter-app';
import { createTerminalPrinting } from '../../electron/app/print-wiring';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import { createClient, type ApiClient } from '../../shared/api/client';
import { startPtyPrinter, type PtyPrinter } from '../devices/pty-printer';
import { inProcessClient } from '../helpers/client';
import { outpatientBill, PEOPLE } from '../helpers/demo-bills';
import { openDemoApp, tempDir } from '../helpers/temp-app';
import { requireTool } from '../helpers/tools';

// Issue 13, receipts across the LAN: the hospital server holds the ledger and the print jobs; a window's PC
// prints its own counter's receipts on the printer plugged into it. Here the terminal's print worker takes
// its jobs from the server through the API (an in-process client over the server's LAN entry, as the
// paired link will carry it) and prints them through the real serialport code into a virtual printer on a
// socat pty.
const socat = requireTool('socat');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const WINDOW_2: CallOrigin = { terminalId: 7, counterId: '02' };
const WINDOW_3: CallOrigin = { terminalId: 8, counterId: '03' };

function openServer() {
  const server = openDemoApp({ now: () => new Date() });
  cleanups.push(() => server.dispose());
  return server;
}

/**
 * A window's typed client to the server, signed in as `username` at that window, with its shift open. (Handed
 * back inside an object: the client answers every property, `then` included, so it is never awaited itself.)
 */
async function openWindow(server: ReturnType<typeof openDemoApp>, origin: CallOrigin, username: string): Promise<{ api: ApiClient }> {
  const session = { token: null as string | null };
  const api = createClient((method, input, token) => server.callFrom('lan', token, method, input, origin), session);
  session.token = (await api['auth.login']({ username, password: DEMO_PASSWORD })).token;
  await api['shift.open']({ float: 0 });
  return { api };
}

/** The window's PC: its own device settings with the receipt printer on the pty, and a print worker fed by the server. */
async function terminalPrinter(api: ApiClient, printer: PtyPrinter) {
  const { dir, remove } = tempDir('counter-terminal-');
  const terminal = openCounterApp({ dataDir: dir, logError: () => {} });
  cleanups.push(() => {
    terminal.close();
    remove();
  });
  await inProcessClient(terminal)['devices.updateSettings']({
    printer: { path: printer.hostPath, baudRate: 9600, rtscts: true, paper: 80, kickDrawer: false },
    reader: null,
  });
  const printing = createTerminalPrinting(api, terminal.devices);
  cleanups.push(() => printing.stop());
  return printing.worker;
}

socat.describe('a terminal’s receipts from the hospital server', () => {
  it('prints only its own counter’s receipts and marks them printed on the server', { timeout: 30_000 }, async () => {
    const printer = await startPtyPrinter();
    cleanups.push(() => printer.stop());
    const server = openServer();
    const { api: w2 } = await openWindow(server, WINDOW_2, 'zhangli');
    const { api: w3 } = await openWindow(server, WINDOW_3, 'wangfang');
    const a = await w2['settlement.settle']({ ...outpatientBill(), clientRequestId: 'lan-print-0001' });
    const other = await w3['settlement.settle']({ ...outpatientBill(PEOPLE.wangXiuying), clientRequestId: 'lan-print-0002' });
    const b = await w2['settlement.settle']({ ...outpatientBill(PEOPLE.liDeming), clientRequestId: 'lan-print-0003' });
    const own = await inProcessClient(server)['settlement.settle']({ ...outpatientBill(PEOPLE.zhangGuilan), clientRequestId: 'lan-print-0004' });
    const jobs2 = (await w2['print.pending']()).map((j) => j.id);
    expect(jobs2).toHaveLength(2);

    const worker = await terminalPrinter(w2, printer);
    const drained = await worker.drain();
    expect(drained).toEqual({ printed: jobs2, failed: [] });
    await printer.waitFor((rs) => rs.filter((r) => r.type === 'cut').length === 2);
    const text = printer.printedLines().join('\n');
    expect(text).toContain('门诊收费票据');
    expect(text).toContain(a.receiptNo);
    expect(text).toContain(b.receiptNo);
    expect(text).not.toContain(other.receiptNo);
    expect(text).not.toContain(own.receiptNo);
    expect(text).not.toContain('重打');

    expect(await w2['print.pending']()).toEqual([]);
    expect(await worker.drain()).toEqual({ printed: [], failed: [] });
    // The other window's and the server's own receipts wait, untouched, for their own printers.
    expect(await w3['print.pending']()).toMatchObject([{ refId: other.id, attempts: 0 }]);
    expect(await inProcessClient(server)['print.pending']()).toMatchObject([{ refId: own.id, attempts: 0 }]);
  });

  it('paper out mid-receipt keeps the job on the server with the reason; paper back prints it whole, marked 重打', { timeout: 30_000 }, async () => {
    const printer = await startPtyPrinter({ scenario: { steps: [{ afterLines: 6, set: { paperOut: true } }, { afterMs: 500, set: { paperOut: false } }] } });
    cleanups.push(() => printer.stop());
    const server = openServer();
    const { api: w2 } = await openWindow(server, WINDOW_2, 'zhangli');
    const { api: w3 } = await openWindow(server, WINDOW_3, 'wangfang');
    const sale = await w2['settlement.settle']({ ...outpatientBill(), clientRequestId: 'lan-paper-0001' });
    await w3['settlement.settle']({ ...outpatientBill(PEOPLE.wangXiuying), clientRequestId: 'lan-paper-0002' });
    const worker = await terminalPrinter(w2, printer);

    const first = await worker.drain();
    expect(first.printed).toEqual([]);
    expect(first.failed[0]?.reason).toContain('缺纸');
    const [pending] = await w2['print.pending']();
    expect(pending).toMatchObject({ refId: sale.id, counterId: '02', partlyPrinted: true });
    expect(pending!.lastError).toContain('缺纸');

    let second = await worker.drain();
    for (let i = 0; second.printed.length === 0 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      second = await worker.drain();
    }
    expect(second.printed).toEqual([pending!.id]);
    await printer.waitFor((rs) => rs.filter((r) => r.type === 'cut').length === 2);
    const complete = printer.printedLines().slice(6).join('\n');
    expect(complete).toContain('重打');
    expect(complete).toContain(sale.receiptNo);
    expect(complete).toContain('合计');
    expect(await w2['print.pending']()).toEqual([]);
    // However often the worker passed while the paper was out, the failure is on record as it changed, not per pass.
    const attempts = server.db.prepare('SELECT outcome, partial FROM print_attempts WHERE job_id = ? ORDER BY id').all(pending!.id) as { outcome: string; partial: number }[];
    expect(attempts.at(0)).toEqual({ outcome: 'failed', partial: 1 });
    expect(attempts.at(-1)).toEqual({ outcome: 'printed', partial: 0 });
    expect(attempts.length).toBeLessThanOrEqual(4);
    expect(await w3['print.pending']()).toMatchObject([{ counterId: '03', attempts: 0 }]);
  });
});
