import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelopeCaller } from '../helpers/client';
import { snapshot } from '../helpers/temp-app';
import { MANAGER, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h?.dispose());

const TOKEN = 'EC0A2B3C4D5E6F708192A3B4C5D6E7F8';
const ZHOU = {
  psn_cert_no: '330102198001010018',
  psn_name: '周新民',
  gend: '1',
  brdy: '1980-01-01',
  insutype: '310',
  groups: ['veteran'],
  card_no: 'H33010299',
  certifications: [{ disease_code: 'M03900', disease_name: '高血压', valid_from: '2026-01-01', valid_to: '2028-12-31' }],
} as const;

describe('医保电子凭证 → person (1101)', () => {
  it('learns the person from the centre and keeps them in the roster, not the token', async () => {
    h.sim.setRosterPerson({ ...ZHOU, groups: [...ZHOU.groups], certifications: [...ZHOU.certifications] }, 2026, {});
    h.sim.setVoucher(TOKEN, ZHOU.psn_cert_no);
    const person = await h.app.district.personByVoucher(TOKEN, MANAGER);
    expect(person).toMatchObject({ idNumber: ZHOU.psn_cert_no, name: '周新民', insuredType: 'employee', groups: ['veteran'], cardNo: 'H33010299' });
    expect(person.certifications).toEqual([{ diseaseCode: 'M03900', diseaseName: '高血压', validFrom: '2026-01-01', validTo: '2028-12-31' }]);
    // Scanning again finds the same person and adds nothing twice.
    const again = await h.app.district.personByVoucher(TOKEN, MANAGER);
    expect(again.id).toBe(person.id);
    expect(again.certifications).toHaveLength(1);
    const everything = JSON.stringify(snapshot(h.app.db));
    expect(everything).not.toContain(TOKEN);
  });

  it('refuses an unknown token, and says what to do when the centre cannot be reached', async () => {
    await expect(h.app.district.personByVoucher('EC0000000000000000000000DEADBEEF', MANAGER)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('电子凭证无效或已过期'),
    });
    h.sim.setOffline(true);
    await expect(h.app.district.personByVoucher(TOKEN, MANAGER)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('请改用社保卡或身份证号'),
    });
  });

  it('checks what was scanned before asking the centre', async () => {
    const envelope = await envelopeCaller(h.app, MANAGER)('people.byEVoucher', { token: 'ＥＣ０Ａ２Ｂ３Ｃ４Ｄ５Ｅ６Ｆ７０８１' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('英文输入法') } });
    expect(h.sim.stats().requests).toBe(0);
  });
});
