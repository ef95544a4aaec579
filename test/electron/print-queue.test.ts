import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrintQueue } from '../../electron/printing/print-queue';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { MANAGER_APPROVAL, openDemoApp } from '../helpers/temp-app';
import { outpatientBill } from '../helpers/demo-bills';

let app: ReturnType<typeof openDemoApp>;
beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-23T10:00:00+08:00') });
});
afterEach(() => app.dispose());

const client = inProcessClient(() => app);
/** For the refusals: the raw `{ ok: false, error }` envelope. */
const envelope = envelopeCaller(() => app);

describe('the print queue', () => {
  it('holds a receipt for every settlement and refund, written with the money', async () => {
    const sale = await client['settlement.settle']({ ...outpatientBill(), clientRequestId: 'print-sale-01' });
    const refund = await client['settlement.refund']({ settlementId: sale.id, reason: '退药', clientRequestId: 'print-refund-01', approval: MANAGER_APPROVAL });
    const pending = await client['print.pending']();
    expect(pending.map((j) => [j.kind, j.refId, j.copy])).toEqual([
      ['settlement', sale.id, 0],
      ['settlement', refund.id, 0],
    ]);
    // A retried settle (same request id) returns the first settlement and queues nothing more.
    await client['settlement.settle']({ ...outpatientBill(), clientRequestId: 'print-sale-01' });
    expect(await client['print.pending']()).toHaveLength(2);
  });

  it('keeps a job pending, with the reason, until the printer confirms; a reprint is a new numbered copy', async () => {
    const sale = await client['settlement.settle']({ ...outpatientBill(), clientRequestId: 'print-sale-02' });
    const queue = new PrintQueue(app.db);
    const [job] = queue.pending();
    queue.markFailed(job!.id, '打印机缺纸', '2026-11-23T02:01:00Z');
    expect(queue.pending()[0]).toMatchObject({ id: job!.id, attempts: 1, lastError: '打印机缺纸' });
    queue.markPrinted(job!.id, '2026-11-23T02:02:00Z');
    expect(queue.pending()).toEqual([]);
    const reprint = await client['print.reprint']({ kind: 'settlement', refId: sale.id });
    expect(reprint).toMatchObject({ refId: sale.id, copy: 1, attempts: 0 });
    expect((await client['print.reprint']({ kind: 'settlement', refId: sale.id })).copy).toBe(2);
    expect(await envelope('print.reprint', { kind: 'settlement', refId: 9999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(() => app.db.exec('DELETE FROM print_jobs')).toThrow(/不可删除/);
  });
});
