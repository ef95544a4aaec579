import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { openDemoApp, snapshot } from '../helpers/temp-app';
import { outpatientBill } from '../helpers/demo-bills';

// Issue 13: receipts, shifts and district record ids carry the counter number, so it is fixed while the
// counter has an open shift or records waiting for the district.
let app: ReturnType<typeof openDemoApp>;
beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-23T10:00:00+08:00') });
});
afterEach(() => app.dispose());

const client = inProcessClient(() => app);
const envelope = envelopeCaller(() => app);

describe('the counter number', () => {
  it('cannot change while its shift is open, nor while its records wait for the district; the name can', async () => {
    const before = snapshot(app.db);
    const open = await envelope('system.updateSettings', { hospitalName: '示范', counterId: '02' });
    expect(open).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { issues: [{ path: 'counterId' }] } } });
    expect(!open.ok && open.error.message).toContain('未交班');
    expect(snapshot(app.db)).toEqual(before);

    await client['settlement.settle']({ ...outpatientBill(), clientRequestId: 'counter-number-1' });
    await client['shift.close']({ counts: {}, note: '交班' });
    const waiting = await envelope('system.updateSettings', { hospitalName: '示范', counterId: '02' });
    expect(!waiting.ok && waiting.error.message).toContain('等待上传医保中心');
    expect(await client['system.updateSettings']({ hospitalName: '示范', counterId: '01' })).toEqual({ hospitalName: '示范', counterId: '01' });
  });

  it('can change on a fresh counter with nothing open or waiting', async () => {
    await client['shift.close']({ counts: {}, note: '' });
    expect(await client['system.updateSettings']({ hospitalName: '示范', counterId: '05' })).toEqual({ hospitalName: '示范', counterId: '05' });
  });
});

describe('the counter number on a hospital server', () => {
  it('cannot become the number of a paired window', async () => {
    await client['shift.close']({ counts: {}, note: '' });
    await app.lan.ensureIdentity();
    const code = await client['lan.createPairingCode']({ name: '门诊收费二', counterId: '02' });
    app.lan.pair(code.code);
    const taken = await envelope('system.updateSettings', { hospitalName: '示范', counterId: '02' });
    expect(!taken.ok && taken.error.message).toContain('门诊收费二');
    expect(await client['system.updateSettings']({ hospitalName: '示范', counterId: '03' })).toMatchObject({ counterId: '03' });
  });
});
