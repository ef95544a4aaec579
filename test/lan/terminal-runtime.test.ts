import { freeLanPort } from './hospital';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TERMINAL_DB_FILE } from '../../electron/app/terminal-app';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import type { DeviceSettings } from '../../shared/devices';
import { startPtyPrinter, type PtyPrinter } from '../devices/pty-printer';
import { counter } from '../helpers/cli';
import { outpatientBill, PEOPLE } from '../helpers/demo-bills';
import { tempDir } from '../helpers/temp-app';
import { requireTool } from '../helpers/tools';
import { pageCall, queryServer, startCounter, stopAll, type RunningCounter } from './processes';

// Issue 13, a terminal as a real window: real processes (a hospital server and two paired windows, each
// `counter terminal serve` with its own data folder and its own virtual receipt printer on a socat pty).
// The devices run on the window's PC, its print worker prints its counter's receipts there, and it says so
// when the server goes away, refusing money until the server is back.
const socat = requireTool('socat');
const root = tempDir('counter-terminal-');
const serverDir = join(root.dir, 'server');
const database = join(serverDir, 'counter.sqlite3');
const windows = [
  { counterId: '02', name: '门诊收费二', dir: join(root.dir, 'window-02') },
  { counterId: '03', name: '门诊收费三', dir: join(root.dir, 'window-03') },
] as const;

let server: { proc: RunningCounter; hostUrl: string; lanUrl: string; lanPort: number; fingerprint: string };
const terminals: { proc: RunningCounter; hostUrl: string; printer: PtyPrinter }[] = [];
const printers: PtyPrinter[] = [];

async function startServer(lan?: string) {
  // A port below the ephemeral range, so the server can be started on it again after a kill.
  lan ??= `127.0.0.1:${await freeLanPort()}`;
  const { proc, matches } = await startCounter(
    ['serve', '--demo', '--data-dir', serverDir, '--port', '0', '--lan', lan],
    [/收费台已启动：(\S+)/, /局域网）已启动：(https:\/\/127\.0\.0\.1:(\d+))/, /指纹（SHA-256）：([0-9A-F:]{95})/],
  );
  const [host, lanLine, print] = matches as [RegExpExecArray, RegExpExecArray, RegExpExecArray];
  return { proc, hostUrl: host[1]!, lanUrl: lanLine[1]!, lanPort: Number(lanLine[2]), fingerprint: print[1]! };
}

async function ok<T>(hostUrl: string, method: string, input: unknown = {}, token?: string): Promise<T> {
  const { envelope } = await pageCall(hostUrl, method, input, token);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}
const signIn = async (hostUrl: string, username: string) => (await ok<{ token: string }>(hostUrl, 'auth.login', { username, password: DEMO_PASSWORD })).token;
const receiptsOn = (printer: PtyPrinter) => printer.printedLines().join('\n');
const printerSettings = (printer: PtyPrinter): DeviceSettings => ({
  printer: { path: printer.hostPath, baudRate: 9600, rtscts: true, paper: 80, kickDrawer: false },
  reader: null,
});

socat.describe('a paired window runs its own devices and prints its own receipts', () => {
  beforeAll(async () => {
    server = await startServer();
    for (const w of windows) {
      const made = await counter(['lan', 'code', w.name, w.counterId, '--data-dir', serverDir]);
      expect(made.code, made.stderr).toBe(0);
      const code = /配对码：([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(made.stdout)![1]!;
      const paired = await counter(['terminal', 'pair', server.lanUrl, code, '--fingerprint', server.fingerprint, '--data-dir', w.dir]);
      expect(paired.code, paired.stderr).toBe(0);
    }
    for (const w of windows) {
      const printer = await startPtyPrinter();
      printers.push(printer);
      const { proc, matches } = await startCounter(['terminal', 'serve', '--data-dir', w.dir, '--port', '0'], [/已启动：(http:\/\/127\.0\.0\.1:\d+\/)/]);
      terminals.push({ proc, hostUrl: matches[0]![1]!, printer });
      // The window's 信息员 sets up the printer plugged into this PC, on this PC.
      const admin = await signIn(matches[0]![1]!, 'zhaomin');
      await ok(matches[0]![1]!, 'devices.updateSettings', printerSettings(printer), admin);
    }
  }, 90_000);

  afterAll(async () => {
    for (const t of terminals) await t.proc.stop();
    await server?.proc.stop();
    await stopAll();
    for (const p of printers) await p.stop();
    root.remove();
  });

  it('answers device calls on the window’s PC, with the operator’s session checked at the server', async () => {
    const [at02, at03] = terminals as [(typeof terminals)[0], (typeof terminals)[0]];
    const admin02 = await signIn(at02.hostUrl, 'zhaomin');
    const admin03 = await signIn(at03.hostUrl, 'zhaomin');
    expect((await ok<DeviceSettings>(at02.hostUrl, 'devices.settings', {}, admin02)).printer?.path).toBe(at02.printer.hostPath);
    expect((await ok<DeviceSettings>(at03.hostUrl, 'devices.settings', {}, admin03)).printer?.path).toBe(at03.printer.hostPath);
    // The server's own devices are untouched by either window.
    const serverAdmin = await signIn(server.hostUrl, 'zhaomin');
    expect(await ok<DeviceSettings>(server.hostUrl, 'devices.settings', {}, serverAdmin)).toEqual({ printer: null, reader: null });
    const status = await ok<{ printer: { configured: boolean; connected: boolean; state: string } }>(at02.hostUrl, 'devices.status', {}, admin02);
    expect(status.printer).toMatchObject({ configured: true, connected: true, state: '就绪' });

    // Same rules as any page: no session, no device call; a session from another window means nothing here;
    // a pharmacist may not change the printer.
    expect((await pageCall(at02.hostUrl, 'devices.settings', {})).envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '请先登录' } });
    expect((await pageCall(at02.hostUrl, 'devices.settings', {}, admin03)).envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '请先登录' } });
    const pharmacist = await signIn(at02.hostUrl, 'liqiang');
    const refused = await pageCall(at02.hostUrl, 'devices.updateSettings', { printer: null, reader: null }, pharmacist);
    expect(refused.envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('药剂员无权') } });
    // Signed out at the window: its device calls stop at once.
    await ok(at02.hostUrl, 'auth.logout', {}, admin02);
    expect((await pageCall(at02.hostUrl, 'devices.settings', {}, admin02)).envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await ok(at02.hostUrl, 'lan.link')).toMatchObject({ mode: 'terminal', reachable: true, counterId: '02', name: '门诊收费二', serverUrl: server.lanUrl, lastError: null });
    expect(await ok(server.hostUrl, 'lan.link')).toEqual({ mode: 'server', address: server.lanUrl });

    // The window's database holds its device settings only: no ledger, no roster, no operators.
    for (const w of windows) {
      expect(existsSync(join(w.dir, 'counter.sqlite3'))).toBe(false);
      const db = new Database(join(w.dir, TERMINAL_DB_FILE), { readonly: true });
      try {
        for (const table of ['settlements', 'shifts', 'insured_people', 'users', 'catalogue_items', 'stock_batches', 'policies', 'print_jobs']) {
          expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), `${w.counterId} ${table}`).toBe(0);
        }
        expect(JSON.parse(db.prepare("SELECT value FROM settings WHERE key = 'devices'").pluck().get() as string)).toMatchObject({ printer: { paper: 80 } });
      } finally {
        db.close();
      }
    }
  });

  it('prints each window’s receipts on the printer of the window that took the money', { timeout: 40_000 }, async () => {
    const [at02, at03] = terminals as [(typeof terminals)[0], (typeof terminals)[0]];
    const zhang = await signIn(at02.hostUrl, 'zhangli');
    const wang = await signIn(at03.hostUrl, 'wangfang');
    await ok(at02.hostUrl, 'shift.open', { float: 0 }, zhang);
    await ok(at03.hostUrl, 'shift.open', { float: 0 }, wang);
    const a = await ok<{ id: number; receiptNo: string }>(at02.hostUrl, 'settlement.settle', { ...outpatientBill(), clientRequestId: 'term-rt-0001' }, zhang);
    const b = await ok<{ id: number; receiptNo: string }>(at03.hostUrl, 'settlement.settle', { ...outpatientBill(PEOPLE.wangXiuying), clientRequestId: 'term-rt-0002' }, wang);
    expect([a.receiptNo, b.receiptNo]).toEqual(['02-00000001', '03-00000001']);

    // As the page does after settling: print.drain runs on the window, its worker fetching from the server.
    const drained = await ok<{ printed: number[]; failed: unknown[] }>(at02.hostUrl, 'print.drain', {}, zhang);
    expect(drained.failed).toEqual([]);
    // Window 03's background worker (every 3 s) prints its receipt without being asked.
    await at02.printer.waitFor((rs) => rs.some((r) => r.type === 'cut'), 10_000);
    await at03.printer.waitFor((rs) => rs.some((r) => r.type === 'cut'), 10_000);
    expect(receiptsOn(at02.printer)).toContain(a.receiptNo);
    expect(receiptsOn(at02.printer)).not.toContain(b.receiptNo);
    expect(receiptsOn(at03.printer)).toContain(b.receiptNo);
    expect(receiptsOn(at03.printer)).not.toContain(a.receiptNo);
    // The server records them printed, each by its own counter's printer.
    await expect
      .poll(() => queryServer<{ counter_id: string }>(database, "SELECT j.counter_id FROM print_jobs j JOIN print_attempts a ON a.job_id = j.id WHERE a.outcome = 'printed' ORDER BY j.counter_id").map((r) => r.counter_id), { timeout: 10_000 })
      .toEqual(['02', '03']);
  });

  it('says when the server is gone, refuses money at once, and works again when it is back', { timeout: 60_000 }, async () => {
    const at02 = terminals[0]!;
    const zhang = await signIn(at02.hostUrl, 'zhangli');
    const { lanPort, fingerprint } = server;
    await server.proc.stop('SIGKILL');

    await expect.poll(async () => (await ok<{ reachable: boolean }>(at02.hostUrl, 'lan.link')).reachable, { timeout: 10_000, interval: 200 }).toBe(false);
    const link = await ok<{ lastError: string; since: string }>(at02.hostUrl, 'lan.link');
    expect(link.lastError).toContain('无法连接医院服务器');
    const started = Date.now();
    const refused = await pageCall(at02.hostUrl, 'settlement.settle', { ...outpatientBill(PEOPLE.liDeming), clientRequestId: 'term-rt-0003' }, zhang);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(refused.status).toBe(503);
    expect(refused.envelope).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: '无法连接医院服务器，「结算并收费」未办理，没有任何改动；终端正在自动重连' },
    });

    server = await startServer(`127.0.0.1:${lanPort}`);
    expect(server.fingerprint).toBe(fingerprint);
    await expect.poll(async () => (await ok<{ reachable: boolean }>(at02.hostUrl, 'lan.link')).reachable, { timeout: 10_000, interval: 200 }).toBe(true);
    expect(queryServer(database, "SELECT 1 FROM settlements WHERE client_request_id = 'term-rt-0003'")).toEqual([]);
    // Sessions lived in the killed server's memory: the cashier signs in again and settles the same bill.
    const again = await signIn(at02.hostUrl, 'zhangli');
    const settled = await ok<{ receiptNo: string }>(at02.hostUrl, 'settlement.settle', { ...outpatientBill(PEOPLE.liDeming), clientRequestId: 'term-rt-0003' }, again);
    expect(settled.receiptNo).toBe('02-00000002');
    await at02.printer.waitFor(() => receiptsOn(at02.printer).includes(settled.receiptNo), 10_000);
  });
});
