import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOrigin } from '../../electron/api/handlers';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import { openDemoApp } from '../helpers/temp-app';
import { outpatientBill } from '../helpers/demo-bills';

// Issue 13: on the hospital server, a call from a paired terminal works at that terminal's counter, and an
// operator's session is good only at the window where the person signed in.
let app: ReturnType<typeof openDemoApp>;
beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-23T10:00:00+08:00') });
});
afterEach(() => app.dispose());

const WINDOW_2: CallOrigin = { terminalId: 7, counterId: '02' };
const WINDOW_3: CallOrigin = { terminalId: 8, counterId: '03' };

async function signIn(username: string, origin?: CallOrigin): Promise<string> {
  const envelope = await app.callFrom(origin ? 'lan' : 'http', null, 'auth.login', { username, password: DEMO_PASSWORD }, origin);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.result as { token: string }).token;
}

describe('calls from a terminal', () => {
  it('open shifts, settle and number receipts at the terminal’s own counter', async () => {
    const at2 = await signIn('zhangli', WINDOW_2);
    const at3 = await signIn('wangfang', WINDOW_3);
    expect(await app.callFrom('lan', at2, 'shift.open', { float: 0 }, WINDOW_2)).toMatchObject({ ok: true, result: { counterId: '02' } });
    expect(await app.callFrom('lan', at3, 'shift.open', { float: 0 }, WINDOW_3)).toMatchObject({ ok: true, result: { counterId: '03' } });
    const settle = (token: string, origin: CallOrigin, id: string) => app.callFrom('lan', token, 'settlement.settle', { ...outpatientBill(), clientRequestId: id }, origin);
    const a = await settle(at2, WINDOW_2, 'origin-0001');
    const b = await settle(at3, WINDOW_3, 'origin-0002');
    const c = await settle(at2, WINDOW_2, 'origin-0003');
    expect([a, b, c].map((e) => (e.ok ? (e.result as { receiptNo: string }).receiptNo : e.error.message))).toEqual(['02-00000001', '03-00000001', '02-00000002']);
    expect(await app.callFrom('lan', at3, 'shift.current', {}, WINDOW_3)).toMatchObject({ ok: true, result: { counterId: '03', settlements: 1 } });
    // The title bar and 概况 at a window name that window's counter, before anyone signs in too.
    expect(await app.callFrom('lan', null, 'system.info', {}, WINDOW_3)).toMatchObject({ ok: true, result: { counterId: '03' } });
    expect(await app.callFrom('http', null, 'system.info', {})).toMatchObject({ ok: true, result: { counterId: '01' } });
  });

  it('refuse a session carried to another window, or from this PC to a terminal and back', async () => {
    const at2 = await signIn('zhangli', WINDOW_2);
    const local = await signIn('zhangli');
    expect(await app.callFrom('lan', at2, 'shift.current', {}, WINDOW_3)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '请先登录' } });
    expect(await app.callFrom('http', at2, 'shift.current', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.callFrom('lan', local, 'shift.current', {}, WINDOW_2)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.callFrom('lan', at2, 'auth.me', {}, WINDOW_2)).toMatchObject({ ok: true, result: { username: 'zhangli' } });
  });
});
