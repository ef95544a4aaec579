import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/api/contract';
import { AMOUNT_FIELDS, applyMoves, compactYtd, ytdFromMoves, type YtdMove } from '../../shared/settlement';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { MANAGER_APPROVAL, TEST_CONTEXT, openDemoApp, snapshot } from '../helpers/temp-app';
import { inpatientBill, outpatientBill, PEOPLE } from '../helpers/demo-bills';

let app: ReturnType<typeof openDemoApp>;
let requestNo = 0;
const NOW = new Date('2026-11-23T09:30:00+08:00');

beforeEach(() => {
  app = openDemoApp({ now: () => NOW });
});
afterEach(() => app.dispose());

const client = inProcessClient(() => app);
/** For the refusals: the raw `{ ok: false, error }` envelope. */
const envelope = envelopeCaller(() => app);
const nextId = () => `test-req-${String(++requestNo).padStart(6, '0')}`;
const preview = (bill: InputOf<'settlement.preview'>) => client['settlement.preview'](bill);
const settle = (bill: Omit<InputOf<'settlement.settle'>, 'clientRequestId'>, clientRequestId = nextId()) =>
  client['settlement.settle']({ ...bill, clientRequestId });
const refund = (settlementId: number, clientRequestId = nextId()) =>
  client['settlement.refund']({ settlementId, reason: '患者要求退药', clientRequestId, approval: MANAGER_APPROVAL });

const count = (table: string) => (app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const ytdOf = (personId: number) =>
  compactYtd(ytdFromMoves(app.db.prepare('SELECT account, delta FROM ytd_moves WHERE person_id = ?').all(personId) as YtdMove[]));
const balanceOf = (personId: number) =>
  app.db.prepare('SELECT coalesce(sum(delta), 0) FROM account_moves WHERE person_id = ?').pluck().get(personId) as number;

describe('pre-settlement (预结算)', () => {
  it('computes without writing anything', async () => {
    const before = snapshot(app.db);
    const result = await preview(inpatientBill());
    expect(result.amounts.medfee_sumamt).toBeGreaterThan(0);
    expect(result.trace.map((s) => s.title)).toContain('起付线');
    expect(snapshot(app.db)).toEqual(before);
  });
});

describe('settling', () => {
  it('writes the bill, settlement, accumulators, receipt, payment, outbox and audit together', async () => {
    const bill = inpatientBill();
    const expected = await preview(bill);
    const record = await settle(bill);

    expect(record.amounts).toEqual(expected.amounts);
    expect(record.receiptNo).toBe('01-00000001');
    expect(record.policyId).toBe('demo-county-2026');
    expect(record.lines).toHaveLength(bill.lines.length);
    expect(record.payments).toEqual([{ method: 'cash', amount: record.amounts.psn_cash_pay }]);
    expect(record.amounts.maf_pay).toBeGreaterThan(0); // 王秀英 is 低保: medical assistance applies
    expect(ytdOf(PEOPLE.wangXiuying)).toEqual(compactYtd(expected.ytdAfter));
    expect(count('bills')).toBe(1);
    expect(count('bill_lines')).toBe(bill.lines.length);
    const outbox = app.db.prepare('SELECT kind, ref_id, payload_json FROM outbox').all() as { kind: string; ref_id: number; payload_json: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'settlement', ref_id: record.id });
    expect(JSON.parse(outbox[0]!.payload_json)).toMatchObject({ infno: '2207', setlinfo: { hifp_pay: record.amounts.hifp_pay } });
    expect(app.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'settlement.settle'").pluck().get()).toBe(1);
  });

  it('is read back exactly as it was settled', async () => {
    const record = await settle(inpatientBill());
    const again = await client['settlement.get']({ settlementId: record.id });
    expect(again).toEqual(record);
  });

  it('carries the year-to-date from one settlement into the next', async () => {
    const bill = outpatientBill();
    const first = await settle(bill);
    const second = await preview(bill);
    expect(second.ytdBefore).toEqual(ytdOf(PEOPLE.liuJianguo));
    expect(ytdOf(PEOPLE.liuJianguo).pools?.outpatient?.paid).toBe(first.amounts.hifp_pay);
  });

  it('pays from the employee personal account when asked, and never beyond its balance', async () => {
    const before = balanceOf(PEOPLE.chenZhiqiang);
    const record = await settle({ ...outpatientBill(PEOPLE.chenZhiqiang), useAccount: true });
    expect(record.amounts.acct_pay).toBe(Math.min(before, record.amounts.psn_part_amt));
    expect(balanceOf(PEOPLE.chenZhiqiang)).toBe(before - record.amounts.acct_pay);
    expect(record.payments.find((p) => p.method === 'account')?.amount).toBe(record.amounts.acct_pay);
  });

  it('charges the same price whether the patient pays by card, account or cash (同药同价)', async () => {
    const bill = outpatientBill(PEOPLE.chenZhiqiang);
    const byCash = await settle({ ...bill, payMethod: 'cash' });
    const byAccount = await settle({ ...bill, useAccount: true, payMethod: 'bankcard' });
    expect(byAccount.lines.map((l) => [l.itemCode, l.price, l.amount])).toEqual(byCash.lines.map((l) => [l.itemCode, l.price, l.amount]));
    expect(byAccount.amounts.medfee_sumamt).toBe(byCash.amounts.medfee_sumamt);
  });

  it('shows this year\'s usage against every cap of the policy', async () => {
    const record = await settle(inpatientBill(PEOPLE.wangXiuying));
    const usage = await client['people.usage']({ personId: PEOPLE.wangXiuying });
    expect(usage.year).toBe(2026);
    expect(usage.rows.find((r) => r.label === '住院统筹')).toEqual({ label: '住院统筹', used: record.amounts.hifp_pay, cap: 8_000_000, remaining: 8_000_000 - record.amounts.hifp_pay });
    expect(usage.rows.find((r) => r.label === '医疗救助')).toMatchObject({ used: record.amounts.maf_pay, cap: 3_500_000 });
    expect(usage.rows.find((r) => r.label === '大病保险')).toMatchObject({ cap: 20_000_000 });
  });

  it('settles a chronic-disease visit only under a certification in force (门诊慢特病认定)', async () => {
    const chronic = (personId: number) => ({ ...outpatientBill(personId), visit: { medType: 'chronic', level: 'township' } as const });
    const certified = await settle(chronic(PEOPLE.liuJianguo)); // 高血压, valid to 2028-12-31
    expect(certified.visit.medType).toBe('chronic');
    const lapsed = await envelope('settlement.preview', chronic(11)); // 郑大海: ended 2025-12-31
    expect(lapsed).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!lapsed.ok && lapsed.error.message).toContain('已于 2025-12-31 到期');
    const none = await envelope('settlement.preview', chronic(PEOPLE.wangXiuying));
    expect(!none.ok && none.error.message).toContain('没有门诊慢特病认定');
    const people = await client['people.find']({ query: '刘建国' });
    expect(people[0]!.certifications.map((c) => c.diseaseName)).toEqual(['高血压']);
  });

  it('bills a walk-in not insured here as self-pay (自费), and uploads nothing', async () => {
    const bad = await envelope('people.registerWalkIn', { name: '过路客', idNumber: '430721199001010011' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!bad.ok && bad.error.message).toContain('校验位');
    const person = await client['people.registerWalkIn']({ name: '过路客', idNumber: '11010519491231002X' });
    expect(person.insuredType).toBe('none');
    const record = await settle(outpatientBill(person.id));
    expect(record.selfPay).toBe(true);
    expect(record.amounts.fund_pay_sumamt).toBe(0);
    expect(record.amounts.psn_cash_pay).toBe(record.amounts.medfee_sumamt);
    expect(record.lines.every((l) => l.class === 'C')).toBe(true);
    expect(app.db.prepare('SELECT count(*) FROM outbox WHERE ref_id = ?').pluck().get(record.id)).toBe(0);
  });

  it('lets an insured patient choose self-pay, leaving their year-to-date untouched', async () => {
    const before = ytdOf(PEOPLE.wangXiuying);
    const record = await settle({ ...inpatientBill(), selfPay: true });
    expect(record.selfPay).toBe(true);
    expect(record.amounts.fund_pay_sumamt).toBe(0);
    expect(ytdOf(PEOPLE.wangXiuying)).toEqual(before);
  });

  it('bills an item that is not mapped to the insurer catalogue (未对码) as self-pay', async () => {
    const result = await preview({ ...outpatientBill(), lines: [{ itemCode: 'XY0024', qty: 1 }] });
    expect(result.lines[0]).toMatchObject({ class: 'C', fulamt: 450, inscope: 0 });
    expect(result.amounts.fund_pay_sumamt).toBe(0);
  });

  it('is idempotent: a retry with the same request id returns the first settlement, never a second', async () => {
    const bill = inpatientBill();
    const first = await settle(bill, 'retry-0000001');
    const retried = await settle(bill, 'retry-0000001');
    expect(retried).toEqual({ ...first, replayed: true });
    expect(count('settlements')).toBe(1);
    expect(count('payments')).toBe(1);
    const conflicting = await envelope('settlement.settle', { ...outpatientBill(), clientRequestId: 'retry-0000001' });
    expect(conflicting).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(count('settlements')).toBe(1);
  });

  it('refuses bad bills with the field named, writing nothing and using no receipt number', async () => {
    const before = snapshot(app.db);
    const cases: [object, string][] = [
      [{ ...outpatientBill(), lines: [{ itemCode: 'NOPE', qty: 1 }] }, 'lines[0].itemCode'],
      [{ ...outpatientBill(), lines: [{ itemCode: 'XY0001', qty: 0.0001 }] }, 'lines[0].qty'],
      [{ ...outpatientBill(), lines: [{ itemCode: 'XY0001', qty: -1 }] }, 'lines[0].qty'],
      [{ ...outpatientBill(), lines: [] }, 'lines'],
      [{ ...outpatientBill(), visit: { medType: 'dental', level: 'township' } }, 'visit.medType'],
    ];
    for (const [bill, path] of cases) {
      // Deliberately malformed input: straight to the dispatcher, past the typed client.
      const result = await app.dispatch('settlement.settle', { ...bill, clientRequestId: nextId() }, TEST_CONTEXT);
      expect(result.ok, path).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('BAD_INPUT');
        expect(result.error.details?.issues?.[0]?.path).toBe(path);
        expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    const missing = await envelope('settlement.settle', { ...outpatientBill(999), clientRequestId: nextId() });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(snapshot(app.db)).toEqual(before);
    expect((await settle(outpatientBill())).receiptNo).toBe('01-00000001');
  });

  it('numbers receipts without gaps per counter, refunds included', async () => {
    const a = await settle(outpatientBill());
    const b = await settle(inpatientBill());
    const r = await refund(a.id);
    // Counter 02 is another window of the same ledger (a counter's number no longer changes mid-shift).
    const window2 = inProcessClient(() => app, { ...TEST_CONTEXT, counterId: '02' });
    await window2['shift.open']({ float: 0 });
    const c = await window2['settlement.settle']({ ...outpatientBill(PEOPLE.zhangGuilan), clientRequestId: nextId() });
    expect([a, b, r, c].map((s) => s.receiptNo)).toEqual(['01-00000001', '01-00000002', '01-00000003', '02-00000001']);
  });

  it('refuses settling when no policy is in force that day', async () => {
    const later = openDemoApp({ now: () => new Date('2027-01-05T09:00:00+08:00') });
    try {
      const result = await envelopeCaller(later)('settlement.preview', outpatientBill());
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      expect(!result.ok && result.error.message).toContain('2027-01-05');
    } finally {
      later.dispose();
    }
  });
});

describe('cash handed over (实收) and change (找零)', () => {
  it('keeps them with the settlement, so a reprint and the printed receipt show them', async () => {
    const bill = outpatientBill();
    const due = (await preview(bill)).amounts.psn_cash_pay;
    const record = await settle({ ...bill, payMethod: 'cash', tendered: due + 1_000 });
    expect(record.cashTendered).toEqual({ tendered: due + 1_000, change: 1_000 });
    const again = await client['settlement.get']({ settlementId: record.id });
    expect(again.cashTendered).toEqual({ tendered: due + 1_000, change: 1_000 });
    // Exactly the amount due needs no row.
    expect((await settle({ ...outpatientBill(PEOPLE.liDeming), tendered: undefined })).cashTendered).toBeNull();
    expect(() => app.db.exec('UPDATE cash_tenders SET change = 0')).toThrow(/不可修改/);
  });

  it('refuses a tender short of the cash due, or a tender with a card payment, changing nothing', async () => {
    const bill = outpatientBill();
    const due = (await preview(bill)).amounts.psn_cash_pay;
    const before = snapshot(app.db);
    const short = await envelope('settlement.settle', { ...bill, clientRequestId: nextId(), tendered: due - 1 });
    expect(short).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('实收不足') } });
    const card = await envelope('settlement.settle', { ...bill, clientRequestId: nextId(), payMethod: 'wechat', tendered: due + 100 });
    expect(card).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('非现金付款') } });
    expect(snapshot(app.db)).toEqual(before);
  });
});

describe('refunds (退费)', () => {
  it('reverse every amount exactly and restore the accumulators and the account', async () => {
    const person = PEOPLE.chenZhiqiang;
    const bill = { ...inpatientBill(person), useAccount: true };
    const ytdBefore = ytdOf(person);
    const balanceBefore = balanceOf(person);
    const original = await settle(bill);
    const reversal = await refund(original.id);

    for (const field of AMOUNT_FIELDS) expect(reversal.amounts[field] + original.amounts[field], field).toBe(0);
    expect(reversal.kind).toBe('refund');
    expect(reversal.reversesId).toBe(original.id);
    expect(reversal.funds.map((f) => f.fund_payamt)).toEqual(original.funds.map((f) => 0 - f.fund_payamt));
    expect(reversal.payments).toEqual(original.payments.map((p) => ({ ...p, amount: -p.amount })));
    expect(ytdOf(person)).toEqual(ytdBefore);
    expect(balanceOf(person)).toBe(balanceBefore);
    const originalNow = await client['settlement.get']({ settlementId: original.id });
    expect(originalNow.refundedById).toBe(reversal.id);
    expect(originalNow.amounts).toEqual(original.amounts);
    const outbox = app.db.prepare("SELECT payload_json FROM outbox WHERE kind = 'refund'").pluck().all() as string[];
    expect(JSON.parse(outbox[0]!)).toMatchObject({ infno: '2208', orig_setl_id: original.receiptNo });
  });

  it('leave the person exactly where they were: settling again gives the first result', async () => {
    const bill = inpatientBill(PEOPLE.zhangGuilan);
    const first = await settle(bill);
    await refund(first.id);
    const again = await settle(bill);
    expect(again.amounts).toEqual(first.amounts);
    expect(again.funds).toEqual(first.funds);
  });

  it('happen once: a second refund of the same settlement, or a refund of a refund, is refused', async () => {
    const original = await settle(outpatientBill());
    const reversal = await refund(original.id);
    const before = snapshot(app.db);
    const twice = await envelope('settlement.refund', { settlementId: original.id, reason: '重复', clientRequestId: nextId(), approval: MANAGER_APPROVAL });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!twice.ok && twice.error.message).toContain(reversal.receiptNo);
    const ofRefund = await envelope('settlement.refund', { settlementId: reversal.id, reason: '再退', clientRequestId: nextId(), approval: MANAGER_APPROVAL });
    expect(ofRefund).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(snapshot(app.db)).toEqual(before);
  });

  it('are idempotent too', async () => {
    const original = await settle(outpatientBill());
    const first = await refund(original.id, 'refund-req-01');
    const retried = await refund(original.id, 'refund-req-01');
    expect(retried).toEqual({ ...first, replayed: true });
    expect(count('settlements')).toBe(2);
  });
});

describe('the ledger is append-only', () => {
  it('refuses to update or delete money rows, even by hand-written SQL', async () => {
    const record = await settle({ ...inpatientBill(PEOPLE.chenZhiqiang), useAccount: true });
    const attempts = [
      `UPDATE settlements SET psn_cash_pay = 0 WHERE id = ${record.id}`,
      `DELETE FROM settlements WHERE id = ${record.id}`,
      'UPDATE bill_lines SET price = 1',
      'DELETE FROM bills',
      'UPDATE ytd_moves SET delta = 0',
      'DELETE FROM account_moves',
      'UPDATE payments SET amount = 0',
      'DELETE FROM outbox',
    ];
    for (const sql of attempts) expect(() => app.db.exec(sql), sql).toThrow(/不可修改|不可删除/);
  });

  it('keeps the year-to-date equal to the sum of its movements', async () => {
    const person = PEOPLE.wangXiuying;
    const a = await settle(inpatientBill(person));
    const b = await settle(outpatientBill(person));
    await refund(a.id);
    const moves = app.db.prepare('SELECT account, delta FROM ytd_moves WHERE person_id = ? AND settlement_id = ?').all(person, b.id) as YtdMove[];
    expect(ytdOf(person)).toEqual(compactYtd(applyMoves({}, moves)));
  });
});
