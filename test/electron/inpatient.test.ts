import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { MANAGER_APPROVAL, openDemoApp, snapshot } from '../helpers/temp-app';
import { PEOPLE, WARD_DAY_CHARGES } from '../helpers/demo-bills';

let app: ReturnType<typeof openDemoApp>;
let now = new Date('2026-11-20T09:00:00+08:00');
let n = 0;

beforeEach(() => {
  now = new Date('2026-11-20T09:00:00+08:00');
  app = openDemoApp({ now: () => now });
});
afterEach(() => app.dispose());

const client = inProcessClient(() => app);
/** For the refusals: the raw `{ ok: false, error }` envelope. */
const envelope = envelopeCaller(() => app);
const rid = () => `inpatient-${String(++n).padStart(6, '0')}`;
const stockOf = (batchNo: string) =>
  app.db.prepare('SELECT coalesce(sum(m.qty_milli), 0) FROM stock_moves m JOIN stock_batches b ON b.id = m.batch_id WHERE b.batch_no = ?').pluck().get(batchNo) as number;

async function admitWithThreeDays(personId: number, deposit: number) {
  const admission = await client['inpatient.admit']({ personId, ward: '内科', bed: '3', diagnosis: '肺炎', clientRequestId: rid() });
  await client['inpatient.deposit']({ admissionId: admission.id, amount: deposit, clientRequestId: rid() });
  for (let day = 0; day < 3; day++) {
    now = new Date(`2026-11-${20 + day}T10:00:00+08:00`);
    await client['inpatient.charge']({
      admissionId: admission.id,
      lines: [...WARD_DAY_CHARGES],
      clientRequestId: rid(),
    });
  }
  return admission;
}

describe('inpatient stays (住院)', () => {
  it('admit → deposit → three days of charges → daily statement → discharge with deposits offset', async () => {
    const admission = await admitWithThreeDays(PEOPLE.wangXiuying, 100_000);
    const statement = await client['inpatient.statement']({ admissionId: admission.id });
    expect(statement.days.map((d) => d.date)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    const perDay = 2000 + 2 * 260 + 2 * 800 + 1890;
    expect(statement.days.map((d) => d.total)).toEqual([perDay, perDay, perDay]);
    expect(statement.chargesTotal).toBe(3 * perDay);
    expect(statement.depositBalance).toBe(100_000);

    now = new Date('2026-11-23T09:00:00+08:00');
    const preview = await client['inpatient.previewDischarge']({ admissionId: admission.id });
    expect(preview.amounts.medfee_sumamt).toBe(3 * perDay);
    const result = await client['inpatient.discharge']({ admissionId: admission.id, clientRequestId: 'discharge-0001' });
    expect(result.settlement.amounts).toEqual(preview.amounts);
    const cash = result.settlement.amounts.psn_cash_pay;
    expect(result.depositUsed).toBe(Math.min(cash, 100_000));
    expect(result.depositRefunded).toBe(100_000 - result.depositUsed);
    expect(result.due).toBe(0);
    expect(result.settlement.payments).toEqual([{ method: 'deposit', amount: cash }]);
    expect((await client['inpatient.list']()).some((a) => a.id === admission.id)).toBe(false);
    // Drugs left stock day by day, not again at discharge.
    expect(app.db.prepare('SELECT count(*) FROM stock_moves WHERE settlement_id = ?').pluck().get(result.settlement.id)).toBe(0);

    const retried = await client['inpatient.discharge']({ admissionId: admission.id, clientRequestId: 'discharge-0001' });
    expect(retried.settlement.id).toBe(result.settlement.id);
    const again = await envelope('inpatient.discharge', { admissionId: admission.id, clientRequestId: 'discharge-0002' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('collects what the deposits do not cover, and counts deposits in the drawer', async () => {
    const admission = await admitWithThreeDays(PEOPLE.liuJianguo, 1_000);
    now = new Date('2026-11-23T09:00:00+08:00');
    const result = await client['inpatient.discharge']({ admissionId: admission.id, payMethod: 'cash', clientRequestId: rid() });
    const cash = result.settlement.amounts.psn_cash_pay;
    expect(result.depositUsed).toBe(1_000);
    expect(result.due).toBe(cash - 1_000);
    expect(result.settlement.payments).toEqual([
      { method: 'deposit', amount: 1_000 },
      { method: 'cash', amount: cash - 1_000 },
    ]);
    const shift = (await client['shift.current']())!; // openDemoApp opened it
    expect(shift.expectedCash).toBe(1_000 + (cash - 1_000)); // the deposit paid in cash, then the rest
  });

  it('cancels a charge with a reversing row and puts the drug back in its batch', async () => {
    const admission = await client['inpatient.admit']({ personId: PEOPLE.zhangGuilan, clientRequestId: rid() });
    const before = stockOf('2502B07');
    const [line] = await client['inpatient.charge']({ admissionId: admission.id, lines: [{ itemCode: 'XY0005', qty: 3 }], clientRequestId: rid() });
    expect(stockOf('2502B07')).toBe(before - 3000);
    const reversal = await client['inpatient.cancelCharge']({ chargeId: line!.id, reason: '医嘱取消' });
    expect(reversal).toMatchObject({ qtyMilli: -3000, amount: -line!.amount, reversesId: line!.id });
    expect(stockOf('2502B07')).toBe(before);
    expect(await envelope('inpatient.cancelCharge', { chargeId: line!.id, reason: '再次' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await client['inpatient.statement']({ admissionId: admission.id })).chargesTotal).toBe(0);
    expect(await envelope('inpatient.discharge', { admissionId: admission.id, clientRequestId: rid() })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses a second admission, charges after discharge, and refunding a discharge like a bill', async () => {
    const admission = await admitWithThreeDays(PEOPLE.chenZhiqiang, 50_000);
    expect(await envelope('inpatient.admit', { personId: PEOPLE.chenZhiqiang, clientRequestId: rid() })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const result = await client['inpatient.discharge']({ admissionId: admission.id, useAccount: true, clientRequestId: rid() });
    const before = snapshot(app.db);
    expect(await envelope('inpatient.charge', { admissionId: admission.id, lines: [{ itemCode: 'FW0001', qty: 1 }], clientRequestId: rid() })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const refund = await envelope('settlement.refund', { settlementId: result.settlement.id, reason: '测试', clientRequestId: rid(), approval: MANAGER_APPROVAL });
    expect(refund).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(snapshot(app.db)).toEqual(before);
  });

  it('numbers deposit receipts on their own gap-free sequence and keeps deposits append-only', async () => {
    const a = await client['inpatient.admit']({ personId: PEOPLE.liDeming, clientRequestId: rid() });
    const first = await client['inpatient.deposit']({ admissionId: a.id, amount: 20_000, clientRequestId: 'deposit-once-1' });
    const retry = await client['inpatient.deposit']({ admissionId: a.id, amount: 20_000, clientRequestId: 'deposit-once-1' });
    const second = await client['inpatient.deposit']({ admissionId: a.id, amount: 30_000, clientRequestId: rid() });
    expect([first.receiptNo, retry.receiptNo, second.receiptNo]).toEqual(['01-Y0000001', '01-Y0000001', '01-Y0000002']);
    expect(second.balanceAfter).toBe(50_000);
    expect(() => app.db.exec('UPDATE deposits SET amount = 1')).toThrow(/不可修改/);
  });
});
