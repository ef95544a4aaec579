import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/api/errors';
import type { SettlementRecord, YearUsage } from '../../shared/ledger';
import { outpatientBill, OUTPATIENT_VISIT } from '../helpers/demo-bills';
import { tempDir } from '../helpers/temp-app';
import { call, ok, pairWindow, signIn, startHospitalServer, startWindow, stockIn, stockOf, type HospitalServer, type Window } from './hospital';
import { queryServer, stopAll } from './processes';

// Issue 13, concurrency: two windows (counters 02 and 03, each a `counter terminal serve` process) against one
// hospital server race for the last box of a drug, and settle one patient at the same moment.
const root = tempDir('counter-lan-race-');
let server: HospitalServer;
let windows: { window: Window; token: string }[] = [];
let pharmacist: string;

/** 阿奇霉素片: one batch in the demo stock, so "the last box" is one row of one batch. */
const DRUG = { itemCode: 'XY0003', name: '阿奇霉素片', price: 1250 };
/** Every settlement request this file makes carries a distinct id. */
let requestNo = 0;
const nextId = (tag: string) => `race-${tag}-${String(++requestNo).padStart(5, '0')}`;

const settleAt = (at: { window: Window; token: string }, bill: object): Promise<Envelope> =>
  call(at.window.hostUrl, 'settlement.settle', { ...bill, clientRequestId: nextId(at.window.config.counterId) }, at.token);

beforeAll(async () => {
  server = await startHospitalServer(join(root.dir, 'server'));
  const dirs = [join(root.dir, 'window-02'), join(root.dir, 'window-03')];
  await Promise.all([pairWindow(server, '门诊收费二', '02', dirs[0]!), pairWindow(server, '门诊收费三', '03', dirs[1]!)]);
  const started = await Promise.all(dirs.map(startWindow));
  windows = await Promise.all(
    started.map(async (window, i) => {
      const token = await signIn(window.hostUrl, i === 0 ? 'zhangli' : 'wangfang');
      await ok(window.hostUrl, 'shift.open', { float: 0 }, token);
      return { window, token };
    }),
  );
  // The pharmacist works at window 02 too (any window can be the pharmacy's).
  pharmacist = await signIn(windows[0]!.window.hostUrl, 'liqiang');
}, 90_000);

afterAll(async () => {
  await stopAll();
  root.remove();
});

/** Receipt numbers per counter are 1..n with no gap and no repeat. */
function expectGapFreeReceipts(): Record<string, number> {
  const rows = queryServer<{ counter_id: string; receipt_no: number }>(server.database, 'SELECT counter_id, receipt_no FROM settlements ORDER BY counter_id, receipt_no');
  const byCounter: Record<string, number[]> = {};
  for (const r of rows) (byCounter[r.counter_id] ??= []).push(r.receipt_no);
  for (const numbers of Object.values(byCounter)) expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  return Object.fromEntries(Object.entries(byCounter).map(([c, n]) => [c, n.length]));
}

describe('two windows racing against one hospital server', () => {
  it('sells the last box to exactly one window, refusing the other with the line and the drug named', async () => {
    const [at02, at03] = windows as [(typeof windows)[0], (typeof windows)[0]];
    const pharmacy = windows[0]!.window.hostUrl;
    // Down to one box through the API: a self-paid bill for all but one of what the shelf holds.
    const onShelf = await stockOf(pharmacy, pharmacist, DRUG.itemCode);
    const batchesBefore = queryServer<{ n: number }>(server.database, `SELECT count(*) AS n FROM stock_batches WHERE item_code = '${DRUG.itemCode}'`)[0]!.n;
    expect(onShelf).toBeGreaterThan(1);
    await settleAt(at02, { personId: 12, visit: OUTPATIENT_VISIT, lines: [{ itemCode: DRUG.itemCode, qty: onShelf - 1 }], selfPay: true }).then((e) => {
      if (!e.ok) throw new Error(e.error.message);
    });

    const rounds = 12;
    const wins = { '02': 0, '03': 0 } as Record<string, number>;
    for (let round = 1; round <= rounds; round++) {
      // From the second round on, the pharmacist stocks in exactly one box (a new batch) between races.
      if (round > 1) await stockIn(pharmacy, pharmacist, `RACE-${String(round).padStart(3, '0')}`, [{ itemCode: DRUG.itemCode, qty: 1, price: DRUG.price }]);
      expect(await stockOf(pharmacy, pharmacist, DRUG.itemCode)).toBe(1);
      // Consultation first, the drug second: the refusal must name line 2 and the drug.
      const bill = (personId: number) => ({ personId, visit: OUTPATIENT_VISIT, lines: [{ itemCode: 'FW0001', qty: 1 }, { itemCode: DRUG.itemCode, qty: 1 }] });
      // Both sent in the same tick; which leaves first alternates, so either window can win.
      const [first, second] = round % 2 === 1 ? [at02, at03] : [at03, at02];
      const answers = await Promise.all([settleAt(first, bill(7)), settleAt(second, bill(9))]);
      const won = answers.filter((a) => a.ok);
      const lost = answers.filter((a) => !a.ok);
      expect(won, JSON.stringify(answers.map((a) => (a.ok ? 'ok' : a.error.message)))).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const refusal = lost[0]!;
      if (refusal.ok) throw new Error('unreachable');
      expect(refusal.error.code).toBe('CONFLICT');
      expect(refusal.error.message).toBe(`库存不足：「${DRUG.name}」需要 1盒，可用 0盒`);
      expect(refusal.error.details).toMatchObject({ issues: [{ path: 'lines[1].qty', message: expect.stringContaining(DRUG.name) }] });
      const winner = won[0]!.ok ? (won[0]!.result as SettlementRecord) : null;
      expect(winner?.lines.find((l) => l.itemCode === DRUG.itemCode)).toMatchObject({ qtyMilli: 1000 });
      wins[winner!.counterId]!++;
      expect(await stockOf(pharmacy, pharmacist, DRUG.itemCode)).toBe(0);
    }
    console.log(`最后一盒 ${rounds} 轮：收费台 02 赢 ${wins['02']} 次，03 赢 ${wins['03']} 次`);
    expect(wins['02']! + wins['03']!).toBe(rounds);

    // Read from the side: no batch of the drug ever went below zero, move by move, and the shelf is empty.
    const balances = queryServer<{ batch_id: number; lowest: number; final: number; sales: number }>(
      server.database,
      `SELECT batch_id, min(running) AS lowest, sum(CASE WHEN last THEN running END) AS final, sum(kind = 'sale') AS sales FROM (
         SELECT m.batch_id, m.kind, sum(m.qty_milli) OVER (PARTITION BY m.batch_id ORDER BY m.id) AS running,
                m.id = max(m.id) OVER (PARTITION BY m.batch_id) AS last
           FROM stock_moves m JOIN stock_batches b ON b.id = m.batch_id WHERE b.item_code = '${DRUG.itemCode}')
        GROUP BY batch_id ORDER BY batch_id`,
    );
    expect(balances).toHaveLength(batchesBefore + rounds - 1); // the demo stock and the 11 single boxes
    for (const b of balances) {
      expect(b.lowest).toBeGreaterThanOrEqual(0);
      expect(b.final).toBe(0);
    }
    // One sale of one box per round, plus the sell-down.
    const sold = queryServer<{ n: number; boxes: number }>(
      server.database,
      `SELECT count(*) AS n, -sum(m.qty_milli) / 1000 AS boxes FROM stock_moves m JOIN stock_batches b ON b.id = m.batch_id
        WHERE b.item_code = '${DRUG.itemCode}' AND m.kind = 'sale'`,
    )[0]!;
    expect(sold.boxes).toBe(onShelf - 1 + rounds);
    expectGapFreeReceipts();
  });

  it('settles one patient at both windows in the same second: year-to-date and the cap stay exact', async () => {
    const [at02, at03] = windows as [(typeof windows)[0], (typeof windows)[0]];
    const personId = 6; // 杨春花, resident: 普通门诊统筹 60 %, 50 元 a visit, 750 元 a year; untouched by the race above
    const before = await ok<YearUsage>(at02.window.hostUrl, 'people.usage', { personId }, at02.token);
    expect(before.ytd.pools?.outpatient?.paid ?? 0).toBe(0);
    const cap = before.rows.find((r) => r.label === '普通门诊统筹')!.cap!;
    expect(cap).toBe(75_000);

    // 13 bills at each window, all sent at once: the fund pays 35.23 元 a visit until the 750 元 cap.
    const perWindow = 13;
    const answers = await Promise.all(
      Array.from({ length: perWindow }, () => [settleAt(at02, outpatientBill(personId)), settleAt(at03, outpatientBill(personId))]).flat(),
    );
    const refused = answers.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.error.message));
    expect(refused).toEqual([]);
    const settled = answers.map((a) => (a.ok ? (a.result as SettlementRecord) : null)!).sort((a, b) => a.id - b.id);
    const fundSum = settled.reduce((sum, s) => sum + s.amounts.hifp_pay, 0);

    // In ledger order, each settlement got what was left under the cap: 21 × 35.23 元, then 10.17 元, then nothing.
    const perVisit = settled[0]!.amounts.hifp_pay;
    expect(perVisit).toBe(3523);
    let used = 0;
    for (const s of settled) {
      expect(s.amounts.hifp_pay, s.receiptNo).toBe(Math.min(perVisit, cap - used));
      used += s.amounts.hifp_pay;
    }
    expect(fundSum).toBe(cap);

    // The person's year as every window sees it equals the sum over the settlements, to the fen.
    for (const at of [at02, at03]) {
      const usage = await ok<YearUsage>(at.window.hostUrl, 'people.usage', { personId }, at.token);
      expect(usage.ytd.pools?.outpatient?.paid).toBe(fundSum);
      expect(usage.rows.find((r) => r.label === '普通门诊统筹')).toMatchObject({ used: cap, cap, remaining: 0 });
    }
    // And the ledger's accumulator rows are exactly the settlements' (nothing else moved this person's year).
    const moves = queryServer<{ account: string; total: number; settlements: number; orphans: number }>(
      server.database,
      `SELECT account, sum(delta) AS total, count(DISTINCT settlement_id) AS settlements, sum(settlement_id IS NULL) AS orphans
         FROM ytd_moves WHERE person_id = ${personId} GROUP BY account ORDER BY account`,
    );
    expect(moves.find((m) => m.account === 'pools:outpatient:paid')).toMatchObject({ total: fundSum, orphans: 0 });
    expect(moves.find((m) => m.account === 'pools:outpatient:eligible')).toMatchObject({
      total: settled.reduce((sum, s) => sum + s.amounts.inscp_scp_amt, 0),
      settlements: settled.length,
      orphans: 0,
    });

    const receipts = settled.map((s) => s.receiptNo);
    expect(new Set(receipts).size).toBe(settled.length);
    expect(settled.filter((s) => s.counterId === '02')).toHaveLength(perWindow);
    expect(settled.filter((s) => s.counterId === '03')).toHaveLength(perWindow);
    const counts = expectGapFreeReceipts();
    console.log(`同一参保人并发 ${settled.length} 笔：统筹支付合计 ${fundSum} 分（封顶 ${cap} 分）；各收费台收据数 ${JSON.stringify(counts)}`);
  });
});
