import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadRecord } from '../../shared/district/protocol';
import { PEOPLE } from '../helpers/demo-bills';
import { snapshot } from '../helpers/temp-app';
import { requireTool } from '../helpers/tools';
import { pdfText } from '../reports/seed';
import { formatYuan } from '../../shared/money';
import { drainUntilEmpty, expectExactlyOnce, expectReconciled, MANAGER, startHarness, type Harness } from './harness';

const pdftotext = requireTool('pdftotext');

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h?.dispose());

const lineCode = (record: UploadRecord, sn: string) => (record.rec_type === '2207' ? record.feedetail.find((l) => l.feedetl_sn === sn)?.hilist_code : undefined);

describe('rejections the manager works through', () => {
  it('queues a rejected record; a corrected resubmission is a new record and the books then agree', async () => {
    const bad = await h.settle(PEOPLE.liDeming);
    await h.settle();
    const badCode = bad.lines[0]!.insurerCode;
    h.sim.rejectWhen((r) => (r.setl_id === bad.receiptNo && lineCode(r, '1') === badCode ? `第 1 条明细医保编码 ${badCode} 不在中心目录` : null));
    await drainUntilEmpty(h.app);

    expect(h.app.district.status()).toMatchObject({ waiting: 0, rejectedOpen: 1, accepted: 1 });
    const [rejected] = h.app.district.rejected(false);
    expect(rejected).toMatchObject({ setlId: bad.receiptNo, recType: '2207', reason: expect.stringContaining('不在中心目录'), action: null, resubmitOf: null });
    expect(rejected!.medfeeSumamt).toBe(bad.amounts.medfee_sumamt);
    const unreconciled = await h.app.district.reconcile('2026-01-01', '2026-12-31', MANAGER);
    expect(unreconciled).toMatchObject({ totalsAgree: false, rejected: 1 });
    expect(unreconciled.summary).toContain('被中心拒付');
    expect(unreconciled.mismatches).toEqual([expect.objectContaining({ setl_id: bad.receiptNo, kind: 'missing_at_centre' })]);

    const handled = h.app.district.resubmit({ outboxId: rejected!.outboxId, note: '按中心目录更正医保编码', hilistCodes: [{ feedetlSn: '1', hilistCode: 'CORRECTED-001' }] }, MANAGER);
    expect(handled.action).toMatchObject({ action: 'resubmitted', operator: 'chenjun', note: '按中心目录更正医保编码' });
    expect(h.app.district.status()).toMatchObject({ rejectedOpen: 0, waiting: 1 });
    await drainUntilEmpty(h.app);

    expectExactlyOnce(h, { ordered: false });
    const resubmitted = h.sim.accepted().find((r) => r.setl_id === bad.receiptNo)!.record;
    expect(resubmitted.resubmit_of).toBe(rejected!.recId);
    expect(lineCode(resubmitted, '1')).toBe('CORRECTED-001');
    await expectReconciled(h);
    // History stands: the rejection, the action and the original record are all still there.
    expect(h.app.district.rejected(true)).toHaveLength(1);
    expect(h.app.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'resubmit'").pluck().get()).toBe(1);
  });

  it('a refund of a rejected settlement is rejected too, and goes through once both are resubmitted in order', async () => {
    const bad = await h.settle(PEOPLE.zhangGuilan);
    const refund = await h.refund(bad.id);
    h.sim.rejectWhen((r) => (r.rec_type === '2207' && r.setl_id === bad.receiptNo && !r.resubmit_of ? '参保人身份待核实' : null));
    await drainUntilEmpty(h.app);
    const rejected = h.app.district.rejected(false);
    expect(rejected.map((r) => [r.setlId, r.reason])).toEqual([
      [bad.receiptNo, '参保人身份待核实'],
      [refund.receiptNo, '原结算未被中心接收'],
    ]);
    for (const r of rejected) h.app.district.resubmit({ outboxId: r.outboxId, note: '已与中心核实身份' }, MANAGER);
    await drainUntilEmpty(h.app);
    expectExactlyOnce(h);
    await expectReconciled(h);
  });

  it('a disputed record stays out of the centre, and reconciliation says why the books differ', async () => {
    const bad = await h.settle();
    h.sim.rejectWhen((r) => (r.setl_id === bad.receiptNo ? '超出门诊统筹支付范围' : null));
    await drainUntilEmpty(h.app);
    const [rejected] = h.app.district.rejected(false);
    h.app.district.dispute(rejected!.outboxId, '按区县政策属于支付范围，已书面申诉', MANAGER);
    expect(h.app.district.status().rejectedOpen).toBe(0);
    expect(h.app.district.rejected(false)).toEqual([]);
    expect(h.app.district.rejected(true)[0]!.action).toMatchObject({ action: 'disputed', newOutboxId: null });
    const report = await h.app.district.reconcile('2026-01-01', '2026-12-31', MANAGER);
    expect(report).toMatchObject({ totalsAgree: false, rejected: 1, pending: 0 });
  });

  it('refuses a second action, an action on an accepted record and a bad ID number, changing nothing', async () => {
    const bad = await h.settle();
    const good = await h.settle(PEOPLE.liDeming);
    h.sim.rejectWhen((r) => (r.setl_id === bad.receiptNo ? '测试拒付' : null));
    await drainUntilEmpty(h.app);
    const [rejected] = h.app.district.rejected(false);
    const acceptedOutbox = h.app.db.prepare("SELECT outbox_id FROM upload_results WHERE status = 'accepted'").pluck().get() as number;
    expect(good.receiptNo).toBeTruthy();

    const before = snapshot(h.app.db);
    expect(() => h.app.district.resubmit({ outboxId: acceptedOutbox, note: '误操作' }, MANAGER)).toThrow(/未被中心拒付/);
    expect(() => h.app.district.resubmit({ outboxId: rejected!.outboxId, note: '更正身份证号', psnCertNo: '110101199003071234' }, MANAGER)).toThrow(/校验/);
    expect(() => h.app.district.resubmit({ outboxId: rejected!.outboxId, note: '更正', hilistCodes: [{ feedetlSn: '9', hilistCode: 'X' }] }, MANAGER)).toThrow(/第 9 条明细不存在/);
    expect(() => h.app.district.dispute(9999, '不存在', MANAGER)).toThrow(/找不到/);
    expect(snapshot(h.app.db)).toEqual(before);

    h.app.district.dispute(rejected!.outboxId, '已申诉', MANAGER);
    expect(() => h.app.district.resubmit({ outboxId: rejected!.outboxId, note: '再提交' }, MANAGER)).toThrow(/已处理过/);
    expect(() => h.app.db.exec('DELETE FROM rejection_actions')).toThrow(/不可/);
  });
});

pdftotext.describe('对账单 (PDF)', () => {
  it('prints both sides’ totals, the records that differ and the signature lines; the figures are the report’s', async () => {
    const bad = await h.settle(PEOPLE.liDeming);
    const good = await h.settle();
    await h.refund(good.id);
    h.sim.rejectWhen((r) => (r.setl_id === bad.receiptNo ? '测试拒付' : null));
    await drainUntilEmpty(h.app);
    const file = await h.app.district.reconcilePdf('2026-11-01', '2026-11-30', MANAGER);
    expect(file).toMatchObject({ fileName: '医保对账单-2026-11-01至2026-11-30.pdf', mimeType: 'application/pdf' });
    const text = pdfText(Buffer.from(file.base64, 'base64'));
    const report = await h.app.district.reconcile('2026-11-01', '2026-11-30', MANAGER);
    expect(text).toContain('医保结算对账单');
    expect(text).toContain('对账结果');
    expect(text).toMatch(new RegExp(`笔数\\s+${report.local.count}\\s+${report.centre.count}\\s+1`));
    expect(text).toMatch(new RegExp(`医疗总费用\\s+${formatYuan(report.local.medfee_sumamt)}\\s+${formatYuan(report.centre.medfee_sumamt)}\\s+${formatYuan(bad.amounts.medfee_sumamt)}`));
    expect(text).toMatch(new RegExp(`${bad.receiptNo}\\s+结算\\s+中心缺\\s+${formatYuan(bad.amounts.medfee_sumamt)}`));
    expect(text).toContain('被医保中心拒付');
    expect(text).toContain('院长（签字）');
    expect(text).not.toContain('字库提示');
  });
});
