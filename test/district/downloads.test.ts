import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import demoPolicy from '../../resources/policies/demo-county-2026.json' with { type: 'json' };
import type { RosterPerson } from '../../shared/district/protocol';
import { fen } from '../../shared/money';
import { compactYtd, ytdFromMoves, type YtdMove } from '../../shared/settlement';
import { inProcessClient } from '../helpers/client';
import { PEOPLE } from '../helpers/demo-bills';
import { snapshot } from '../helpers/temp-app';
import { drainUntilEmpty, MANAGER, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h?.dispose());

const LIU: Omit<RosterPerson, 'ytd' | 'incl_setl_ids' | 'certifications'> = {
  psn_cert_no: '430721195803120018',
  psn_name: '刘建国',
  gend: '1',
  brdy: '1958-03-12',
  insutype: '390',
  groups: [],
  card_no: 'H30721001',
};
const CERT = { disease_code: 'M03900', disease_name: '高血压', valid_from: '2026-01-01', valid_to: '2028-12-31' };

describe('downloads from the centre', () => {
  it('applies a newer policy from its effective date, and a version only once', async () => {
    const december = { ...demoPolicy, id: 'district-2026-12', name: '示范县医保 2026年12月调整（演示）' };
    h.sim.setPolicies('P-2026-12', [{ id: december.id, effective_from: '2026-12-01', effective_to: '2026-12-31', document: december }]);
    const [report] = await h.app.district.download(['policy'], MANAGER);
    expect(report).toMatchObject({ kind: 'policy', ver: 'P-2026-12', applied: true, summary: expect.stringContaining('district-2026-12（2026-12-01 起）') });
    expect((await h.settle()).policyId).toBe('demo-county-2026');
    h.clock.advance(30 * 24 * 3600_000); // 2026-12-02
    expect((await h.settle()).policyId).toBe('district-2026-12');
    const [again] = await h.app.district.download(['policy'], MANAGER);
    expect(again).toMatchObject({ applied: false, summary: expect.stringContaining('已是最新') });
    expect(h.app.district.status().downloads).toEqual([{ kind: 'policy', ver: 'P-2026-12', appliedAt: expect.any(String) }]);
  });

  it('applies a catalogue version in one go', async () => {
    h.sim.setCatalogue('C-7', [
      { code: 'FW9001', insurerCode: '001101000010000-110100009', name: '家庭医生签约服务费', kind: 'service', spec: '次', unit: '次', chargeClass: 'A', price: 1200, essential: 'none' },
    ]);
    const [report] = await h.app.district.download(['catalogue'], MANAGER);
    expect(report).toMatchObject({ applied: true, summary: expect.stringContaining('新增 1 项') });
    expect(h.app.repos.catalogue.get('FW9001')).toMatchObject({ name: '家庭医生签约服务费', price: 1200 });
  });

  it('merges the centre’s year-to-date with settlements it has not counted yet, never twice', async () => {
    // What the engine will use for the next bill: the usage view reads the same merged year-to-date.
    const usage = async () => (await inProcessClient(h.app, MANAGER)['people.usage']({ personId: PEOPLE.liuJianguo })).ytd;
    const first = await h.settle(PEOPLE.liuJianguo);
    await drainUntilEmpty(h.app); // the centre now counts the first settlement
    const second = await h.settle(PEOPLE.liuJianguo); // not uploaded yet
    const moves = (id: number) => h.app.db.prepare('SELECT account, delta FROM ytd_moves WHERE settlement_id = ?').all(id) as YtdMove[];
    // Another hospital's visits this year, as the centre knows them.
    const elsewhere = Object.fromEntries(moves(first.id).map((m) => [m.account, fen(1_000)]));
    h.sim.setRosterPerson({ ...LIU, certifications: [CERT] }, 2026, elsewhere);

    const [report] = await h.app.district.download(['roster'], MANAGER);
    expect(report).toMatchObject({ applied: true, summary: expect.stringContaining('名单 1 人') });
    const expected = compactYtd(
      ytdFromMoves([...Object.entries(elsewhere).map(([account, delta]) => ({ account, delta })), ...moves(first.id), ...moves(second.id)]),
    );
    expect(await usage()).toEqual(expected);

    // Once the second settlement reaches the centre and a new roster comes down, the sum stays the same.
    await drainUntilEmpty(h.app);
    await h.app.district.download(['roster'], MANAGER);
    expect(await usage()).toEqual(expected);
    const refund = await h.refund(second.id);
    expect(refund.id).toBeGreaterThan(0);
    await drainUntilEmpty(h.app);
    await h.app.district.download(['roster'], MANAGER);
    expect(await usage()).toEqual(
      compactYtd(ytdFromMoves([...Object.entries(elsewhere).map(([account, delta]) => ({ account, delta })), ...moves(first.id)])),
    );
  });

  it('adds people the counter did not know, with their certifications', async () => {
    h.sim.setRosterPerson(
      { psn_cert_no: '330102198001010018', psn_name: '周新民', gend: '1', brdy: '1980-01-01', insutype: '310', groups: [], card_no: null, certifications: [CERT] },
      2026,
      {},
    );
    await h.app.district.download(['roster'], MANAGER);
    const [person] = h.app.repos.people.find('330102198001010018', 1);
    expect(person).toMatchObject({ name: '周新民', insuredType: 'employee', certifications: [{ diseaseCode: 'M03900' }] });
  });

  it('refuses a roster with a bad ID number whole, changing nothing', async () => {
    h.sim.setRosterPerson({ ...LIU, certifications: [] }, 2026, {});
    h.sim.setRosterPerson({ ...LIU, psn_cert_no: '330102198001010019', psn_name: '错号', certifications: [] }, 2026, {});
    const before = snapshot(h.app.db);
    await expect(h.app.district.download(['roster'], MANAGER)).rejects.toThrow(/错号 的身份证号有误/);
    const after = snapshot(h.app.db);
    // Only the message log moved: the msgid was written before the request, the attempt after it.
    for (const table of Object.keys(before)) if (!table.startsWith('district_messages') && !table.startsWith('district_attempts')) expect(after[table], table).toEqual(before[table]);
  });
});

describe('downloading several kinds', () => {
  it('reports each kind on its own: nothing at the centre, applied, or failed', async () => {
    h.sim.setCatalogue('C-1', [
      { code: 'FW9002', insurerCode: '001101000010000-110100010', name: '中医辨证论治', kind: 'service', spec: '次', unit: '次', chargeClass: 'A', price: 800, essential: 'none' },
    ]);
    h.sim.script({ fault: { kind: 'http-500' }, infno: '5206A' });
    const reports = await h.app.district.download(['policy', 'catalogue', 'roster'], MANAGER);
    expect(reports).toEqual([
      { kind: 'policy', ver: '', applied: false, failed: false, summary: '中心暂无结算政策可下载' },
      expect.objectContaining({ kind: 'catalogue', ver: 'C-1', applied: true, failed: false }),
      expect.objectContaining({ kind: 'roster', applied: false, failed: true, summary: expect.stringContaining('参保名单下载失败') }),
    ]);
    h.sim.setOffline(true);
    await expect(h.app.district.download(['roster'], MANAGER)).rejects.toThrow(/参保名单下载失败/);
  });
});
