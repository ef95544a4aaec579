import { freeLanPort } from './hospital';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import { readTerminalConfig, type TerminalConfig } from '../../electron/lan/terminal-config';
import { TerminalLink } from '../../electron/lan/terminal-link';
import { pairTerminal } from '../../electron/lan/terminal-pairing';
import { PinnedHttps } from '../../electron/lan/pinned-https';
import type { PairingCode } from '../../shared/lan';
import { counter } from '../helpers/cli';
import { outpatientBill } from '../helpers/demo-bills';
import { tempDir } from '../helpers/temp-app';
import { pageCall, queryServer, serverRows, startCounter, stopAll, type RunningCounter } from './processes';

// Issue 13 on loopback with real processes: a hospital server (`counter serve --lan`) and two windows
// (`counter terminal pair` + `counter terminal serve`), each with its own data folder.
const root = tempDir('counter-lan-');
const serverDir = join(root.dir, 'server');
const database = join(serverDir, 'counter.sqlite3');
const windowDirs = [join(root.dir, 'window-02'), join(root.dir, 'window-03')] as const;

interface Server {
  proc: RunningCounter;
  hostUrl: string;
  lanUrl: string;
  lanPort: number;
  fingerprint: string;
}
let server: Server;
let terminals: { proc: RunningCounter; hostUrl: string; config: TerminalConfig }[] = [];
const usedCodes: string[] = [];

async function startServer(lan?: string): Promise<Server> {
  // A port below the ephemeral range, so the server can be started on it again after a kill.
  lan ??= `127.0.0.1:${await freeLanPort()}`;
  const { proc, matches } = await startCounter(
    ['serve', '--demo', '--data-dir', serverDir, '--port', '0', '--lan', lan],
    [/收费台已启动：(\S+)/, /局域网）已启动：(https:\/\/127\.0\.0\.1:(\d+))/, /指纹（SHA-256）：([0-9A-F:]{95})/],
  );
  const [host, lanLine, print] = matches as [RegExpExecArray, RegExpExecArray, RegExpExecArray];
  return { proc, hostUrl: host[1]!, lanUrl: lanLine[1]!, lanPort: Number(lanLine[2]), fingerprint: print[1]! };
}

async function startTerminal(dataDir: string) {
  const { proc, matches } = await startCounter(['terminal', 'serve', '--data-dir', dataDir, '--port', '0'], [/已启动：(http:\/\/127\.0\.0\.1:\d+\/)/]);
  return { proc, hostUrl: matches[0]![1]!, config: readTerminalConfig(dataDir) };
}

/** A call that must succeed; fails the test with the Chinese message otherwise. */
async function ok<T>(hostUrl: string, method: string, input: unknown = {}, token?: string): Promise<T> {
  const { envelope } = await pageCall(hostUrl, method, input, token);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

const signIn = async (hostUrl: string, username: string) =>
  (await ok<{ token: string }>(hostUrl, 'auth.login', { username, password: DEMO_PASSWORD })).token;

/** The fingerprint with its last byte changed, as a typo or a tampered file would have it. */
const altered = (fingerprint: string) => fingerprint.slice(0, -2) + (fingerprint.endsWith('00') ? '11' : '00');

/** A pairing code made on the server's own screen by the 信息员 (the contract method over its loopback host). */
async function codeFromScreen(name: string, counterId: string): Promise<PairingCode> {
  const admin = await signIn(server.hostUrl, 'zhaomin');
  return ok<PairingCode>(server.hostUrl, 'lan.createPairingCode', { name, counterId }, admin);
}

beforeAll(async () => {
  server = await startServer();
  // One code from the CLI (the IT person without a UI), one from the administrator's API.
  const [fromCli, fromScreen] = await Promise.all([counter(['lan', 'code', '门诊收费二', '02', '--data-dir', serverDir]), codeFromScreen('门诊收费三', '03')]);
  expect(fromCli.code, fromCli.stderr).toBe(0);
  const cliCode = /配对码：([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(fromCli.stdout)![1]!;
  expect(fromCli.stdout).toContain(`counter terminal pair ${server.lanUrl} ${cliCode} --fingerprint ${server.fingerprint}`);
  usedCodes.push(cliCode, fromScreen.code);
  const paired = await Promise.all(
    usedCodes.map((code, i) => counter(['terminal', 'pair', server.lanUrl, code, '--fingerprint', server.fingerprint, '--data-dir', windowDirs[i]!])),
  );
  for (const result of paired) expect(result.code, result.stderr).toBe(0);
  terminals = await Promise.all(windowDirs.map(startTerminal));
}, 60_000);

afterAll(async () => {
  for (const t of terminals) await t.proc.stop();
  await server?.proc.stop();
  await stopAll();
  root.remove();
});

describe('a hospital server and two windows', () => {
  it('pairs each window at its own counter number and keeps the credential only at the window', () => {
    expect(terminals.map((t) => [t.config.counterId, t.config.name])).toEqual([
      ['02', '门诊收费二'],
      ['03', '门诊收费三'],
    ]);
    for (const [i, t] of terminals.entries()) {
      expect(t.config.fingerprint).toBe(server.fingerprint);
      expect(t.config.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(statSync(join(windowDirs[i]!, 'terminal.json')).mode & 0o777).toBe(0o600);
    }
    // The server keeps hashes only: neither the codes nor the credentials are anywhere in its database.
    const everything = JSON.stringify(serverRows(database));
    for (const secret of [...usedCodes, ...usedCodes.map((c) => c.replace('-', '')), ...terminals.map((t) => t.config.credential)]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('settles from both windows into the server’s one ledger, receipts numbered per counter without gaps', async () => {
    const [at02, at03] = terminals as [(typeof terminals)[0], (typeof terminals)[0]];
    const zhang = await signIn(at02.hostUrl, 'zhangli');
    const wang = await signIn(at03.hostUrl, 'wangfang');
    expect(await ok(at02.hostUrl, 'shift.open', { float: 0 }, zhang)).toMatchObject({ counterId: '02' });
    expect(await ok(at03.hostUrl, 'shift.open', { float: 0 }, wang)).toMatchObject({ counterId: '03' });
    const settle = (hostUrl: string, token: string, id: string) =>
      ok<{ receiptNo: string }>(hostUrl, 'settlement.settle', { ...outpatientBill(), clientRequestId: id }, token);
    const receipts = [
      await settle(at02.hostUrl, zhang, 'lan-test-0001'),
      await settle(at03.hostUrl, wang, 'lan-test-0002'),
      await settle(at02.hostUrl, zhang, 'lan-test-0003'),
    ].map((r) => r.receiptNo);
    expect(receipts).toEqual(['02-00000001', '03-00000001', '02-00000002']);
    const ledger = queryServer<{ counter_id: string; receipt_no: number; operator: string }>(
      database,
      'SELECT counter_id, receipt_no, operator FROM settlements ORDER BY counter_id, receipt_no',
    );
    expect(ledger).toEqual([
      { counter_id: '02', receipt_no: 1, operator: 'zhangli' },
      { counter_id: '02', receipt_no: 2, operator: 'zhangli' },
      { counter_id: '03', receipt_no: 1, operator: 'wangfang' },
    ]);
    // A session is good only at the window it was made at.
    const carried = await pageCall(at03.hostUrl, 'shift.current', {}, zhang);
    expect(carried.envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '请先登录' } });
  });

  it('refuses an unpaired client (no or a made-up credential) before anything runs', async () => {
    const before = serverRows(database);
    const link = new PinnedHttps({ url: server.lanUrl, fingerprint: server.fingerprint, certPem: terminals[0]!.config.certPem });
    try {
      for (const headers of [{}, { 'x-terminal-credential': 'A'.repeat(43) }] as Record<string, string>[]) {
        const answer = await link.post('/lan/api/auth.login', { username: 'zhangli', password: DEMO_PASSWORD }, headers);
        expect(answer.status).toBe(401);
        expect(answer.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('不是已配对的终端') } });
      }
    } finally {
      link.close();
    }
    expect(serverRows(database)).toEqual(before);
  });

  it('refuses a tampered pin and a replayed or wrong code, sending nothing a stranger could use', async () => {
    const spare = await codeFromScreen('门诊收费四', '04');
    const before = serverRows(database);
    // The window's stored fingerprint altered: the handshake fails before the credential goes out.
    const config = terminals[0]!.config;
    const tampered = new TerminalLink({ ...config, fingerprint: altered(config.fingerprint) });
    try {
      const refused = await tampered.call(null, 'system.info', {});
      expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'fingerprint' } } });
      expect(!refused.ok && refused.error.message).toContain('证书指纹不符');
    } finally {
      tampered.close();
    }
    // A code already used, one never issued, and a good one with the fingerprint mistyped.
    const elsewhere = tempDir('counter-lan-replay-');
    try {
      const mistyped = altered(server.fingerprint);
      await expect(pairTerminal({ serverUrl: server.lanUrl, code: spare.code, fingerprint: mistyped, dataDir: elsewhere.dir })).rejects.toThrow(
        `医院服务器证书指纹不符：应为 ${mistyped}，${server.lanUrl} 出示的是 ${server.fingerprint}`,
      );
      await expect(pairTerminal({ serverUrl: server.lanUrl, code: usedCodes[0]!, fingerprint: server.fingerprint, dataDir: elsewhere.dir })).rejects.toThrow(
        '配对码已使用过',
      );
      await expect(pairTerminal({ serverUrl: server.lanUrl, code: 'ABCD-EFGH', fingerprint: server.fingerprint, dataDir: elsewhere.dir })).rejects.toThrow('配对码不正确');
    } finally {
      elsewhere.remove();
    }
    expect(serverRows(database)).toEqual(before);
  });

  it('refuses a pairing code for a counter number a window already has', async () => {
    const before = serverRows(database);
    const refused = await counter(['lan', 'code', '门诊收费四', '02', '--data-dir', serverDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('收费台编号 02 已由终端「门诊收费二」使用');
    expect(serverRows(database)).toEqual(before);
  });

  it('revokes a window: its very next call is refused, the other window carries on', async () => {
    const [at02, at03] = terminals as [(typeof terminals)[0], (typeof terminals)[0]];
    const wang = await signIn(at03.hostUrl, 'wangfang');
    const revoked = await counter(['lan', 'revoke', String(at03.config.terminalId), '--data-dir', serverDir]);
    expect(revoked.stdout, revoked.stderr).toContain('已停用终端');
    const before = serverRows(database);
    const refused = await pageCall(at03.hostUrl, 'settlement.settle', { ...outpatientBill(), clientRequestId: 'lan-test-0004' }, wang);
    expect(refused.status).toBe(403);
    expect(refused.envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('已被信息员停用') } });
    expect(serverRows(database)).toEqual(before);
    expect(await ok(at02.hostUrl, 'system.info')).toMatchObject({ counterId: '02' }); // the other window carries on, at its own counter

    const listed = await counter(['lan', 'terminals', '--data-dir', serverDir]);
    // Both were paired at once, so either may be listed first.
    const lines = listed.stdout.trim().split('\n');
    const line = (counterId: string) => lines.find((l) => l.includes(`\t收费台 ${counterId}\t`));
    expect(lines, listed.stderr).toHaveLength(2);
    expect(line('02')).toMatch(/^\d+\t门诊收费二\t收费台 02\t配对于 [^\t]+\t最近联系 \d{4}-[^\t]+\t在用$/);
    expect(line('03')).toMatch(/^\d+\t门诊收费三\t收费台 03\t配对于 [^\t]+\t最近联系 \d{4}-[^\t]+\t已停用（.+，cli）$/);
  });

  it('answers UNAVAILABLE in Chinese while the server is gone, and works again when it is back', async () => {
    const at02 = terminals[0]!;
    const zhang = await signIn(at02.hostUrl, 'zhangli');
    const { fingerprint, lanPort } = server;
    await server.proc.stop('SIGKILL');

    const gone = await pageCall(at02.hostUrl, 'shift.current', {}, zhang);
    expect(gone.status).toBe(503);
    expect(gone.envelope).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(!gone.envelope.ok && gone.envelope.error.message).toMatch(/^无法连接医院服务器（.+），请检查网络；恢复后会自动重连$/);

    server = await startServer(`127.0.0.1:${lanPort}`);
    expect(server.fingerprint).toBe(fingerprint);
    // Sessions live in the server's memory: the cashier signs in again, and the open shift is still hers.
    expect((await pageCall(at02.hostUrl, 'shift.current', {}, zhang)).envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const again = await signIn(at02.hostUrl, 'zhangli');
    expect(await ok(at02.hostUrl, 'shift.current', {}, again)).toMatchObject({ counterId: '02', settlements: 2 });
    const next = await ok<{ receiptNo: string }>(at02.hostUrl, 'settlement.settle', { ...outpatientBill(), clientRequestId: 'lan-test-0005' }, again);
    expect(next.receiptNo).toBe('02-00000003');
  });
});
