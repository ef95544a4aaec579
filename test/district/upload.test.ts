import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INFNO } from '../../shared/district/protocol';
import { inpatientBill, PEOPLE } from '../helpers/demo-bills';
import { openCounterApp } from '../../electron/app/counter-app';
import { configure, drainUntilEmpty, expectExactlyOnce, expectReconciled, FIXMEDINS, startHarness, type Harness } from './harness';
import type { Fault } from './simulator';

let h: Harness;
afterEach(async () => h?.dispose());

describe('uploading to the district centre', () => {
  beforeEach(async () => {
    h = await startHarness({ timeoutMs: 400 });
  });

  it('sends settlements and refunds in ledger order, each once, and both sides reconcile to the fen', async () => {
    const a = await h.settle();
    await h.settle(PEOPLE.wangXiuying);
    await h.refund(a.id);
    expect(h.app.district.status()).toMatchObject({ waiting: 3, accepted: 0 });

    const result = await h.app.district.drain(true);
    expect(result).toEqual({ batches: 1, error: null });
    expectExactlyOnce(h);
    expect(h.app.district.status()).toMatchObject({ waiting: 0, accepted: 3, rejectedOpen: 0, lastError: null, inFlight: null });
    await expectReconciled(h);
  });

  it('carries the lines, the fund amounts, the trace, the accumulator movements and the counter’s own checks', async () => {
    const bill = inpatientBill();
    const record = await h.settle(bill.personId, bill.lines, bill.visit);
    await drainUntilEmpty(h.app);
    const [held] = h.sim.accepted();
    const sent = held!.record;
    if (sent.rec_type !== '2207') throw new Error('expected a settlement record');
    expect(sent.setlinfo).toMatchObject({ setl_id: record.receiptNo, ...record.amounts });
    expect(sent.feedetail).toHaveLength(bill.lines.length);
    expect(sent.feedetail.reduce((sum, l) => sum + l.det_item_fee_sumamt, 0)).toBe(record.amounts.medfee_sumamt);
    expect(sent.setldetail.reduce((sum, f) => sum + f.fund_payamt, 0)).toBe(record.amounts.fund_pay_sumamt);
    expect(sent.setl_proc_info).toContain('起付线');
    expect(sent.acc_moves.length).toBeGreaterThan(0);
    // The bed days are charged above the insurer's cap price: the counter says so with the record.
    const overCap = sent.feedetail.filter((l) => l.overlmt_amt > 0);
    expect(overCap.length).toBeGreaterThan(0);
    const unmapped = sent.feedetail.filter((l) => l.hilist_code === null);
    const found = sent.chk_rslt.map((c) => `${c.rule_id} ${c.rule_name} #${c.feedetl_sn}`).sort();
    const expected = [
      ...overCap.map((l) => `LOCAL-01 超医保限价 #${l.feedetl_sn}`),
      ...unmapped.map((l) => `LOCAL-02 未对码项目 #${l.feedetl_sn}`),
    ].sort();
    expect(found).toEqual(expected);
  });

  it('keeps msgids persistent and well-formed: institution code, time, 4-digit sequence, never reused', async () => {
    await h.settle();
    await drainUntilEmpty(h.app);
    const msgids = h.app.db.prepare('SELECT msgid FROM district_messages ORDER BY id').pluck().all() as string[];
    expect(msgids.length).toBeGreaterThanOrEqual(2); // sign-in and the batch
    for (const msgid of msgids) expect(msgid).toMatch(new RegExp(`^${FIXMEDINS}\\d{14}\\d{4}$`));
    expect(new Set(msgids).size).toBe(msgids.length);
  });

  it('waits for a full batch or an old one unless asked to send now', async () => {
    h.app.district.updateSettings({ ...h.app.district.settings(), batchSize: 3, maxAgeSeconds: 600 }, { transport: 'test', operator: 'zhaomin', role: null });
    await h.settle();
    await h.settle();
    expect(await h.app.district.drain(false)).toEqual({ batches: 0, error: null });
    await h.settle();
    expect(await h.app.district.drain(false)).toEqual({ batches: 1, error: null });
    await h.settle();
    h.clock.advance(601_000);
    expect(await h.app.district.drain(false)).toEqual({ batches: 1, error: null });
    expectExactlyOnce(h);
  });

  const FAULTS: [string, Fault][] = [
    ['the request is dropped', { kind: 'drop-request' }],
    ['the centre commits, then the response is lost', { kind: 'commit-drop-response' }],
    ['the answer comes after the counter stopped waiting', { kind: 'delay', ms: 700 }],
    ['the centre answers HTTP 500', { kind: 'http-500' }],
    ['the centre commits, then answers malformed JSON', { kind: 'malformed-json' }],
    ['the request is delivered twice', { kind: 'duplicate' }],
  ];

  for (const [name, fault] of FAULTS) {
    it(`holds every record exactly once when ${name}`, async () => {
      const first = await h.settle();
      await h.settle(PEOPLE.liDeming);
      await h.refund(first.id);
      h.sim.script({ fault, infno: INFNO.uploadBatch });
      const before = h.sim.stats().batchesProcessed;
      const firstRun = await h.app.district.drain(true);
      if (fault.kind !== 'duplicate') expect(firstRun.error).toMatch(/[\u4e00-\u9fa5]/); // a Chinese reason
      await new Promise((resolve) => setTimeout(resolve, fault.kind === 'delay' ? 800 : 0));
      await drainUntilEmpty(h.app);
      expectExactlyOnce(h);
      // Dedup by msgid: the centre processed the batch once, however often it arrived.
      expect(h.sim.stats().batchesProcessed - before).toBe(1);
      await expectReconciled(h);
    });
  }

  it('signs in again when the centre has forgotten its sign-in', async () => {
    await h.settle();
    await drainUntilEmpty(h.app);
    h.sim.forgetSignIns();
    await h.settle();
    expect(await h.app.district.drain(true)).toEqual({ batches: 1, error: null });
    expectExactlyOnce(h);
  });

  it('sends nothing the centre accepts with a wrong key, and says so', async () => {
    configure(h.app, h.sim.url, 500, 'not-the-key');
    await h.settle();
    const result = await h.app.district.drain(true);
    expect(result.error).toBeTruthy();
    expect(h.sim.accepted()).toEqual([]);
    expect(h.sim.stats().signatureFailures).toBeGreaterThan(0);
    expect(h.app.district.status().lastError?.message).toBeTruthy();
    configure(h.app, h.sim.url);
    await drainUntilEmpty(h.app);
    expectExactlyOnce(h);
  });

  it('resolves a batch left in flight by a crash: asks the centre first, resends only what it never got', async () => {
    await h.settle();
    await h.settle();
    h.sim.script({ fault: { kind: 'drop-request' }, infno: INFNO.uploadBatch });
    expect((await h.app.district.drain(true)).error).toBeTruthy();
    const inFlight = h.app.district.status().inFlight;
    expect(inFlight?.records).toBe(2);

    // A new process on the same database file: the batch and its msgid were on disk before the request.
    h.app.close();
    const again = openCounterApp({ dataDir: h.app.dataDir, now: h.clock.now, logError: () => {} });
    try {
      expect(again.district.status().inFlight).toEqual(inFlight);
      expect(await again.district.drain(true)).toEqual({ batches: 1, error: null });
      const queries = again.db.prepare("SELECT count(*) FROM district_messages WHERE infno = '5203A'").pluck().get();
      expect(queries).toBe(1);
      expect(h.sim.accepted().map((r) => r.batch_no)).toEqual([inFlight!.msgid, inFlight!.msgid]);
    } finally {
      again.close();
    }
  });

  it('writes every attempt as a new row and never edits one', async () => {
    await h.settle();
    h.sim.script({ fault: { kind: 'http-500' } });
    await h.app.district.drain(true);
    await drainUntilEmpty(h.app);
    const outcomes = h.app.db.prepare('SELECT outcome FROM district_attempts ORDER BY id').pluck().all();
    expect(outcomes).toContain('unknown');
    expect(outcomes.at(-1)).toBe('ok');
    for (const sql of ["UPDATE upload_results SET status = 'rejected'", 'DELETE FROM district_attempts', 'DELETE FROM upload_batch_items']) {
      expect(() => h.app.db.exec(sql)).toThrow(/不可/);
    }
  });
});

describe('thirty days offline', () => {
  beforeEach(async () => {
    h = await startHarness({ start: new Date('2026-10-01T08:00:00+08:00'), batchSize: 40 });
  });

  it('keeps every record, then drains them in order once the centre is back', async () => {
    h.sim.setOffline(true);
    const settled: number[] = [];
    for (let day = 0; day < 30; day++) {
      for (let n = 0; n < 3; n++) settled.push((await h.settle(n % 2 ? PEOPLE.liuJianguo : PEOPLE.zhangGuilan)).id);
      if (day % 7 === 3) await h.refund(settled[settled.length - 2]!);
      // The uploader keeps trying (and failing) through the outage.
      expect((await h.app.district.drain(true)).error).toBeTruthy();
      h.clock.advance(24 * 3600_000);
    }
    const status = h.app.district.status();
    expect(status.waiting).toBe(94);
    expect(Date.parse(status.oldestWaitingAt!)).toBe(Date.parse('2026-10-01T08:00:00+08:00'));
    expect(h.sim.accepted()).toEqual([]);

    h.sim.setOffline(false);
    await drainUntilEmpty(h.app);
    expectExactlyOnce(h); // same order as the ledger, so refunds never arrive before their settlements
    // The first outage day's batch stayed in flight the whole month; the rest went in full batches.
    const sizes = new Map<string, number>();
    for (const r of h.sim.accepted()) sizes.set(r.batch_no, (sizes.get(r.batch_no) ?? 0) + 1);
    expect([...sizes.values()]).toEqual([3, 40, 40, 11]);
    await expectReconciled(h, '2026-10-01', '2026-10-31');
  });
});
