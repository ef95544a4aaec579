import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo';
import type { InputOf } from '../../shared/api/contract';
import type { CallContext } from '../../electron/api/handlers';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { MANAGER_APPROVAL, TEST_CONTEXT, openDemoApp, snapshot } from '../helpers/temp-app';
import { outpatientBill, PEOPLE } from '../helpers/demo-bills';

let app: ReturnType<typeof openDemoApp>;
const zhangli: CallContext = { transport: 'test', operator: 'zhangli', role: 'cashier' };
let n = 0;

beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-23T10:00:00+08:00') });
});
afterEach(() => app.dispose());

const client = inProcessClient(() => app);
const asZhangli = inProcessClient(() => app, zhangli);
/** For the refusals: the raw `{ ok: false, error }` envelope. */
const envelope = envelopeCaller(() => app);
const envelopeAsZhangli = envelopeCaller(() => app, zhangli);
const settle = (context = TEST_CONTEXT, payMethod: InputOf<'settlement.settle'>['payMethod'] = 'cash') =>
  inProcessClient(() => app, context)['settlement.settle']({ ...outpatientBill(PEOPLE.liuJianguo), payMethod, clientRequestId: `shift-${++n}-req` });

describe('shifts (开班与交班)', () => {
  it('allow one open shift per counter, and take money only in it', async () => {
    const second = await envelopeAsZhangli('shift.open', { float: 50000 });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!second.ok && second.error.message).toContain('请先交班');
    const byOther = await envelopeAsZhangli('settlement.settle', { ...outpatientBill(), clientRequestId: 'other-cashier-1' });
    expect(byOther).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuse to settle when no shift is open', async () => {
    await client['shift.close']({ counts: {}, note: '' });
    const before = snapshot(app.db);
    const result = await envelope('settlement.settle', { ...outpatientBill(), clientRequestId: 'no-shift-01' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!result.ok && result.error.message).toContain('尚未开班');
    expect(snapshot(app.db)).toEqual(before);
  });

  it('expect the float plus net cash, refunds included, and record the counted difference', async () => {
    await client['shift.close']({ counts: {}, note: '' });
    const opened = await asZhangli['shift.open']({ float: 20000 });
    const a = await settle(zhangli);
    const b = await settle(zhangli);
    await settle(zhangli, 'wechat');
    await asZhangli['settlement.refund']({ settlementId: a.id, reason: '患者退药', clientRequestId: 'shift-refund-1', approval: MANAGER_APPROVAL });
    const current = (await asZhangli['shift.current']())!; // opened just above
    expect(current.id).toBe(opened.id);
    expect(current.settlements).toBe(3);
    expect(current.refunds).toBe(1);
    expect(current.expectedCash).toBe(20000 + b.amounts.psn_cash_pay);
    expect(current.byMethod.wechat).toBe(b.amounts.psn_cash_pay);

    // One 100-yuan note short of nothing: count 200 yuan float + takings rounded down to whole yuan.
    const takings = b.amounts.psn_cash_pay;
    const counts = { '10000': 2, '100': Math.floor(takings / 100) };
    const counted = 20000 + Math.floor(takings / 100) * 100;
    const missingNote = await envelopeAsZhangli('shift.close', { counts, note: '' });
    if (counted !== current.expectedCash) {
      expect(missingNote).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(!missingNote.ok && missingNote.error.message).toMatch(/短款/);
    }
    const closed = await asZhangli['shift.close']({ counts, note: '零钱找给患者' });
    expect(closed.closing).toMatchObject({ countedCash: counted, expectedCash: current.expectedCash, difference: counted - current.expectedCash });
    expect(() => app.db.exec('DELETE FROM shift_closings')).toThrow(/不可删除/);
  });
});

describe('refund approval', () => {
  it('needs a manager’s own password, typed on the spot', async () => {
    const sale = await settle();
    const before = snapshot(app.db);
    const wrong = await envelope('settlement.refund', { settlementId: sale.id, reason: '退药', clientRequestId: 'approval-1', approval: { username: 'chenjun', password: 'x' } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '用户名或密码不正确' } });
    const cashier = await envelope('settlement.refund', { settlementId: sale.id, reason: '退药', clientRequestId: 'approval-2', approval: { username: 'wangfang', password: DEMO_PASSWORD } });
    expect(cashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!cashier.ok && cashier.error.message).toContain('须由院长/财务审批');
    // Deliberately malformed input (no approval): straight to the dispatcher, past the typed client.
    const missing = await app.dispatch('settlement.refund', { settlementId: sale.id, reason: '退药', clientRequestId: 'approval-3' }, TEST_CONTEXT);
    expect(missing).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(snapshot(app.db)).toEqual(before);
    await client['settlement.refund']({ settlementId: sale.id, reason: '退药', clientRequestId: 'approval-4', approval: MANAGER_APPROVAL });
    const audit = app.db.prepare("SELECT details_json FROM audit_log WHERE action = 'settlement.refund'").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ approvedBy: 'chenjun' });
  });
});
