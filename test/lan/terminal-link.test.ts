import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import { PinnedHttps } from '../../electron/lan/pinned-https';
import { startLanServer, type LanApp, type RunningLanServer } from '../../electron/lan/lan-server';
import type { ServerIdentity } from '../../electron/lan/server-identity';
import type { TerminalConfig } from '../../electron/lan/terminal-config';
import { TerminalLink } from '../../electron/lan/terminal-link';
import { pairTerminal } from '../../electron/lan/terminal-pairing';
import type { Envelope } from '../../shared/api/errors';
import type { PairingCode } from '../../shared/lan';
import { outpatientBill, PEOPLE } from '../helpers/demo-bills';
import { ok, openDemoApp, tempDir, TEST_CONTEXT } from '../helpers/temp-app';

// The terminal's link in one process against a real LAN server (HTTPS, pinned): the print worker's
// credential-only calls, answers lost after the server acted, and the server going away and coming back.
let app: ReturnType<typeof openDemoApp>;
let identity: ServerIdentity;
let lan: RunningLanServer;
let config: TerminalConfig;
let link: TerminalLink;
const folder = tempDir('counter-terminal-link-');

/** Calls the LAN server ran, by method; `dropAfter`: for these methods, cut every connection once the call has run. */
const ran = new Map<string, number>();
const dropAfter = new Set<string>();
const lanApp: LanApp = {
  get lan() {
    return app.lan;
  },
  callFrom: async (transport, token, method, input, origin) => {
    const answer = await app.callFrom(transport, token, method, input, origin);
    ran.set(String(method), (ran.get(String(method)) ?? 0) + 1);
    if (dropAfter.delete(String(method))) lan.server.closeAllConnections(); // the answer is lost on the way back
    return answer;
  },
};

const start = async (port = 0) => {
  lan = await startLanServer({ app: lanApp, host: '127.0.0.1', port, identity });
};

beforeAll(async () => {
  app = openDemoApp();
  identity = await app.lan.ensureIdentity();
  await start();
  const code = ok<PairingCode>(await app.dispatch('lan.createPairingCode', { name: '门诊收费二', counterId: '02' }, TEST_CONTEXT));
  config = await pairTerminal({ serverUrl: lan.url, code: code.code, fingerprint: identity.fingerprint, dataDir: folder.dir });
  link = new TerminalLink(config, { resendDelaysMs: [50, 100, 200], offlineProbeEveryMs: 100, probeEveryMs: 100, probeTimeoutMs: 1_000 });
});
afterAll(async () => {
  link?.close();
  await lan?.close();
  app?.dispose();
  folder.remove();
});

const result = <T>(envelope: Envelope): T => ok<T>(envelope);
let token = '';
const settlements = (requestId: string) => app.db.prepare('SELECT count(*) FROM settlements WHERE client_request_id = ?').pluck().get(requestId) as number;

describe('a terminal’s link to the hospital server', () => {
  it('lets the print worker fetch its counter’s jobs with the credential alone, and nothing else', async () => {
    expect(result(await link.serviceTransport('print.jobsForPrinter', { paper: 80 }, null))).toEqual([]);
    // A page at the window without a session: the same method is refused by the server.
    expect(await link.call(null, 'print.jobsForPrinter', { paper: 80 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '请先登录' } });
    // The service path carries nothing else: refused here, and by the server if sent by hand.
    expect(await link.serviceTransport('shift.current', {}, null)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const https = new PinnedHttps({ url: config.serverUrl, fingerprint: config.fingerprint, certPem: config.certPem });
    try {
      const forged = await https.post('/lan/api/shift.current', {}, { 'x-terminal-credential': config.credential, 'x-terminal-service': '1' });
      expect(forged).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('终端后台服务不能执行') } } });
      // Without a valid credential the service header opens nothing.
      const stranger = await https.post('/lan/api/print.jobsForPrinter', { paper: 80 }, { 'x-terminal-credential': 'A'.repeat(43), 'x-terminal-service': '1' });
      expect(stranger.status).toBe(401);
    } finally {
      https.close();
    }
  });

  it('sends a settlement again with the same request id when its answer was lost: one settlement', async () => {
    token = result<{ token: string }>(await link.call(null, 'auth.login', { username: 'zhangli', password: DEMO_PASSWORD })).token;
    result(await link.call(token, 'shift.open', { float: 0 }));
    const before = ran.get('settlement.settle') ?? 0;
    dropAfter.add('settlement.settle');
    const settled = result<{ id: number; receiptNo: string }>(await link.call(token, 'settlement.settle', { ...outpatientBill(), clientRequestId: 'link-lost-0001' }));
    expect(settled.receiptNo).toMatch(/^02-\d{8}$/);
    expect(ran.get('settlement.settle')! - before).toBe(2); // the server ran it, the answer was lost, it was sent once more
    expect(settlements('link-lost-0001')).toBe(1);
  });

  it('never sends twice a change that has no request id: the person is told it is not known', async () => {
    const before = ran.get('people.registerWalkIn') ?? 0;
    dropAfter.add('people.registerWalkIn');
    const lost = await link.call(token, 'people.registerWalkIn', { name: '过路客', idNumber: '110101199003076376' });
    expect(lost).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(ran.get('people.registerWalkIn')! - before).toBe(1);
  });

  it('refuses money at once while the server is gone, and reconnects by itself', async () => {
    const { port } = lan;
    await lan.close();
    await link.probe();
    expect(link.status()).toMatchObject({ mode: 'terminal', reachable: false, counterId: '02', lastError: expect.stringContaining('无法连接医院服务器') });

    const before = app.db.prepare('SELECT count(*) FROM settlements').pluck().get();
    const started = Date.now();
    const refused = await link.call(token, 'settlement.settle', { ...outpatientBill(PEOPLE.liDeming), clientRequestId: 'link-offline-0001' });
    expect(Date.now() - started).toBeLessThan(100); // nothing was sent
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'offline' } } });
    expect(!refused.ok && refused.error.message).toBe('无法连接医院服务器，「结算并收费」未办理，没有任何改动；终端正在自动重连');
    expect(app.db.prepare('SELECT count(*) FROM settlements').pluck().get()).toBe(before);
    // Reads are still tried (they change nothing), and answer why they failed.
    expect(await link.call(token, 'shift.current', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'unreachable' } } });

    link.startProbing();
    await start(port);
    await expect.poll(() => link.status().mode === 'terminal' && (link.status() as { reachable: boolean }).reachable, { timeout: 5_000 }).toBe(true);
    expect(link.status()).toMatchObject({ reachable: true, lastError: null });
    // The server kept running in this test (only its LAN listener stopped), so the session still holds.
    const settled = result<{ receiptNo: string }>(await link.call(token, 'settlement.settle', { ...outpatientBill(PEOPLE.liDeming), clientRequestId: 'link-offline-0001' }));
    expect(settled.receiptNo).toMatch(/^02-/);
    expect(settlements('link-offline-0001')).toBe(1);
  });
});
