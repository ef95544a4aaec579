import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettlementRecord } from '../../shared/ledger';
import type { PrintJob } from '../../shared/printing';
import { PrintQueue } from '../../electron/printing/print-queue';
import { MANAGER_APPROVAL, TEST_CONTEXT, ok, openDemoApp } from '../helpers/temp-app';
import { outpatientBill } from '../helpers/demo-bills';

let app: ReturnType<typeof openDemoApp>;
beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-23T10:00:00+08:00') });
});
afterEach(() => app.dispose());

const call = (method: string, input: object = {}) => app.dispatch(method, input, TEST_CONTEXT);

describe('the print queue', () => {
  it('holds a receipt for every settlement and refund, written with the money', async () => {
    const sale = ok<SettlementRecord>(await call('settlement.settle', { ...outpatientBill(), clientRequestId: 'print-sale-01' }));
    const refund = ok<SettlementRecord>(
      await call('settlement.refund', { settlementId: sale.id, reason: '退药', clientRequestId: 'print-refund-01', approval: MANAGER_APPROVAL }),
    );
    const pending = ok<PrintJob[]>(await call('print.pending'));
    expect(pending.map((j) => [j.kind, j.refId, j.copy])).toEqual([
      ['settlement', sale.id, 0],
      ['settlement', refund.id, 0],
    ]);
    // A retried settle (same request id) returns the first settlement and queues nothing more.
    ok(await call('settlement.settle', { ...outpatientBill(), clientRequestId: 'print-sale-01' }));
    expect(ok<PrintJob[]>(await call('print.pending'))).toHaveLength(2);
  });

  it('keeps a job pending, with the reason, until the printer confirms; a reprint is a new numbered copy', async () => {
    const sale = ok<SettlementRecord>(await call('settlement.settle', { ...outpatientBill(), clientRequestId: 'print-sale-02' }));
    const queue = new PrintQueue(app.db);
    const [job] = queue.pending();
    queue.markFailed(job!.id, '打印机缺纸', '2026-11-23T02:01:00Z');
    expect(queue.pending()[0]).toMatchObject({ id: job!.id, attempts: 1, lastError: '打印机缺纸' });
    queue.markPrinted(job!.id, '2026-11-23T02:02:00Z');
    expect(queue.pending()).toEqual([]);
    const reprint = ok<PrintJob>(await call('print.reprint', { kind: 'settlement', refId: sale.id }));
    expect(reprint).toMatchObject({ refId: sale.id, copy: 1, attempts: 0 });
    expect(ok<PrintJob>(await call('print.reprint', { kind: 'settlement', refId: sale.id })).copy).toBe(2);
    expect(await call('print.reprint', { kind: 'settlement', refId: 9999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(() => app.db.exec('DELETE FROM print_jobs')).toThrow(/不可删除/);
  });
});
