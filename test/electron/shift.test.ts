import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo';
import type { SettlementRecord } from '../../shared/ledger';
import type { ShiftSummary } from '../../shared/shift';
import type { CallContext } from '../../electron/api/handlers';
import { MANAGER_APPROVAL, TEST_CONTEXT, ok, openDemoApp, snapshot } from '../helpers/temp-app';
import { outpatientBill, PEOPLE } from '../helpers/demo-bills';

let app: ReturnType<typeof openDemoApp>;
const zhangli: CallContext = { transport: 'test', operator: 'zhangli', role: 'cashier' };
let n = 0;

beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-23T10:00:00+08:00') });
});
afterEach(() => app.dispose());

const call = (method: string, input: object = {}, context: CallContext = TEST_CONTEXT) => app.dispatch(method, input, context);
const settle = async (context = TEST_CONTEXT, payMethod = 'cash') =>
  ok<SettlementRecord>(await call('settlement.settle', { ...outpatientBill(PEOPLE.liuJianguo), payMethod, clientRequestId: `shift-${++n}-req` }, context));

describe('shifts (开班与交班)', () => {
  it('allow one open shift per counter, and take money only in it', async () => {
    const second = await call('shift.open', { float: 50000 }, zhangli);
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!second.ok && second.error.message).toContain('请先交班');
    const byOther = await call('settlement.settle', { ...outpatientBill(), clientRequestId: 'other-cashier-1' }, zhangli);
    expect(byOther).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuse to settle when no shift is open', async () => {
    ok(await call('shift.close', { counts: {}, note: '' }));
    const before = snapshot(app.db);
    const result = await call('settlement.settle', { ...outpatientBill(), clientRequestId: 'no-shift-01' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!result.ok && result.error.message).toContain('尚未开班');
    expect(snapshot(app.db)).toEqual(before);
  });

  it('expect the float plus net cash, refunds included, and record the counted difference', async () => {
    ok(await call('shift.close', { counts: {}, note: '' }));
    const opened = ok<ShiftSummary>(await call('shift.open', { float: 20000 }, zhangli));
    const a = await settle(zhangli);
    const b = await settle(zhangli);
    await settle(zhangli, 'wechat');
    ok(await call('settlement.refund', { settlementId: a.id, reason: '患者退药', clientRequestId: 'shift-refund-1', approval: MANAGER_APPROVAL }, zhangli));
    const current = ok<ShiftSummary>(await call('shift.current', {}, zhangli));
    expect(current.id).toBe(opened.id);
    expect(current.settlements).toBe(3);
    expect(current.refunds).toBe(1);
    expect(current.expectedCash).toBe(20000 + b.amounts.psn_cash_pay);
    expect(current.byMethod.wechat).toBe(b.amounts.psn_cash_pay);

    // One 100-yuan note short of nothing: count 200 yuan float + takings rounded down to whole yuan.
    const takings = b.amounts.psn_cash_pay;
    const counts = { '10000': 2, '100': Math.floor(takings / 100) };
    const counted = 20000 + Math.floor(takings / 100) * 100;
    const missingNote = await call('shift.close', { counts, note: '' }, zhangli);
    if (counted !== current.expectedCash) {
      expect(missingNote).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(!missingNote.ok && missingNote.error.message).toMatch(/短款/);
    }
    const closed = ok<ShiftSummary>(await call('shift.close', { counts, note: '零钱找给患者' }, zhangli));
    expect(closed.closing).toMatchObject({ countedCash: counted, expectedCash: current.expectedCash, difference: counted - current.expectedCash });
    expect(() => app.db.exec('DELETE FROM shift_closings')).toThrow(/不可删除/);
  });
});

describe('refund approval', () => {
  it('needs a manager’s own password, typed on the spot', async () => {
    const sale = await settle();
    const before = snapshot(app.db);
    const wrong = await call('settlement.refund', { settlementId: sale.id, reason: '退药', clientRequestId: 'approval-1', approval: { username: 'chenjun', password: 'x' } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '用户名或密码不正确' } });
    const cashier = await call('settlement.refund', { settlementId: sale.id, reason: '退药', clientRequestId: 'approval-2', approval: { username: 'wangfang', password: DEMO_PASSWORD } });
    expect(cashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!cashier.ok && cashier.error.message).toContain('须由院长/财务审批');
    const missing = await call('settlement.refund', { settlementId: sale.id, reason: '退药', clientRequestId: 'approval-3' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(snapshot(app.db)).toEqual(before);
    ok(await call('settlement.refund', { settlementId: sale.id, reason: '退药', clientRequestId: 'approval-4', approval: MANAGER_APPROVAL }));
    const audit = app.db.prepare("SELECT details_json FROM audit_log WHERE action = 'settlement.refund'").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ approvedBy: 'chenjun' });
  });
});
