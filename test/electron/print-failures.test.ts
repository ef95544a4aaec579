import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalPrintJobSource } from '../../electron/printing/print-job-source';
import { PrintQueue } from '../../electron/printing/print-queue';
import { PrintWorker, type JobPrinter } from '../../electron/printing/print-worker';
import type { PrintResult } from '../../electron/devices/printer/printer-driver';
import { inProcessClient } from '../helpers/client';
import { openDemoApp } from '../helpers/temp-app';
import { outpatientBill } from '../helpers/demo-bills';

let app: ReturnType<typeof openDemoApp>;
beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-23T10:00:00+08:00') });
});
afterEach(() => app.dispose());

const READY = { paperOut: false, coverOpen: false, offline: false, error: false, paperNearEnd: false };
const paperOut = (stage: 'before' | 'sending'): PrintResult => ({ ok: false, code: 'PAPER_OUT', reason: '打印机缺纸', stage, bytesSent: stage === 'before' ? 0 : 100 });
const printed: PrintResult = { ok: true, status: READY, bytes: 7, ms: 1 };

const attemptRows = () => (app.db.prepare('SELECT outcome, reason, partial FROM print_attempts ORDER BY id').all() as { outcome: string; reason: string | null; partial: number }[]);

describe('the print worker records failures when they change', () => {
  it('an unconfigured printer is one attempt row however often the worker passes; a new reason or a half receipt is a new row', async () => {
    await inProcessClient(app)['settlement.settle']({ ...outpatientBill(), clientRequestId: 'print-fail-01' });
    const queue = new PrintQueue(app.db);
    let printer: JobPrinter | { unavailable: string } = { unavailable: '未设置收据打印机' };
    const worker = new PrintWorker(new LocalPrintJobSource(queue, () => Buffer.from('receipt'), () => '01', () => new Date()), () => printer, () => 80);

    for (let pass = 0; pass < 50; pass++) await worker.drain();
    expect(attemptRows()).toEqual([{ outcome: 'failed', reason: '未设置收据打印机', partial: 0 }]);
    expect(queue.pending()[0]).toMatchObject({ attempts: 1, lastError: '未设置收据打印机' });

    printer = { printJob: async () => paperOut('before') };
    for (let pass = 0; pass < 5; pass++) await worker.drain();
    // A failure mid-receipt is always recorded: it is what makes the next print a 重打.
    printer = { printJob: async () => paperOut('sending') };
    await worker.drain();
    await worker.drain();
    expect(attemptRows().map((r) => [r.reason, r.partial])).toEqual([
      ['未设置收据打印机', 0],
      ['打印机缺纸', 0],
      ['打印机缺纸', 1],
      ['打印机缺纸', 1],
    ]);

    printer = { printJob: async () => printed };
    await worker.drain();
    expect(queue.pending()).toEqual([]);
    expect(attemptRows().at(-1)).toMatchObject({ outcome: 'printed' });
  });
});
