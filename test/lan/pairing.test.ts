import https from 'node:https';
import { createConnection } from 'node:net';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import { startLanServer, type LanApp, type RunningLanServer } from '../../electron/lan/lan-server';
import { makeServerIdentity, type ServerIdentity } from '../../electron/lan/server-identity';
import { TerminalLink } from '../../electron/lan/terminal-link';
import { pairTerminal } from '../../electron/lan/terminal-pairing';
import { normalizeFingerprint } from '../../electron/lan/fingerprint';
import type { PairingCode, TerminalSummary } from '../../shared/lan';
import { openDemoApp, snapshot, tempDir, TEST_CONTEXT, ok } from '../helpers/temp-app';

// The server's side of pairing in one process, on a clock the test moves: codes expire, are single use
// and name their counter; credentials are checked on every call; the LAN server survives bad requests.
let clock = Date.now();
let app: ReturnType<typeof openDemoApp>;
let identity: ServerIdentity;
let lan: RunningLanServer;
const folders: { remove(): void }[] = [];

beforeAll(async () => {
  app = openDemoApp({ now: () => new Date(clock) });
  identity = await app.lan.ensureIdentity();
  lan = await startLanServer({ app, host: '127.0.0.1', port: 0, identity });
});
afterAll(async () => {
  await lan.close();
  app.dispose();
  for (const folder of folders) folder.remove();
});

const code = async (name: string, counterId: string) => ok<PairingCode>(await app.dispatch('lan.createPairingCode', { name, counterId }, TEST_CONTEXT));

function pair(pairingCode: string, fingerprint = identity.fingerprint) {
  const folder = tempDir('counter-terminal-');
  folders.push(folder);
  return pairTerminal({ serverUrl: lan.url, code: pairingCode, fingerprint, dataDir: folder.dir });
}

/** A raw HTTPS request to the LAN server (trusting its certificate), for the malformed ones. */
function raw(path: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = https.request(
      { host: '127.0.0.1', port: lan.port, path, method: init.method ?? 'POST', headers: init.headers ?? {}, ca: identity.certPem, checkServerIdentity: () => undefined },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (c: string) => (body += c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

describe('pairing codes', () => {
  it('are XXXX-XXXX of unambiguous characters, valid 10 minutes, shown with the fingerprint', async () => {
    const made = await code('住院收费', '05');
    expect(made.code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(Date.parse(made.expiresAt) - clock).toBe(10 * 60 * 1000);
    expect(made).toMatchObject({ fingerprint: identity.fingerprint, address: lan.url, counterId: '05' });
    expect(normalizeFingerprint(made.fingerprint.replaceAll(':', '').toLowerCase())).toBe(identity.fingerprint);
    expect(ok(await app.dispatch('lan.server', {}, TEST_CONTEXT))).toEqual({ installationId: identity.installationId, fingerprint: identity.fingerprint, address: lan.url, counterId: '01' });
    expect(identity.installationId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('expire: a code used after its 10 minutes is refused and nothing is written', async () => {
    const late = await code('药房', '06');
    const inTime = await code('医保办', '07');
    clock += 10 * 60 * 1000 - 1000;
    await expect(pair(inTime.code)).resolves.toMatchObject({ counterId: '07' });
    clock += 1000;
    const before = snapshot(app.db);
    await expect(pair(late.code.toLowerCase())).rejects.toThrow('配对码已过期（有效期 10 分钟）');
    expect(snapshot(app.db)).toEqual(before);
  });

  it('give a counter number to one window only: not the server’s own, not a live terminal’s; the first of two codes wins', async () => {
    const own = await app.dispatch('lan.createPairingCode', { name: '门诊', counterId: '01' }, TEST_CONTEXT);
    expect(own).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { issues: [{ path: 'counterId' }] } } });
    expect(!own.ok && own.error.message).toContain('收费台编号 01 是服务器本机的编号');
    const bad = await app.dispatch('lan.createPairingCode', { name: '', counterId: '0 8' }, TEST_CONTEXT);
    expect(!bad.ok && bad.error.details?.issues?.map((i) => i.path)).toEqual(['name', 'counterId']);

    const first = await code('门诊收费八', '08');
    const second = await code('门诊收费八（备用）', '08');
    await pair(first.code);
    const before = snapshot(app.db);
    await expect(pair(second.code)).rejects.toThrow('收费台编号 08 已由终端「门诊收费八」使用');
    expect(snapshot(app.db)).toEqual(before);
  });

  it('are kept hashed, and pairings are evidence: never updated or deleted', async () => {
    const made = await code('检验科', '09');
    const grant = await pair(made.code);
    const everything = JSON.stringify(snapshot(app.db));
    expect(everything).not.toContain(made.code.replace('-', ''));
    expect(everything).not.toContain(grant.credential);
    expect(() => app.db.prepare('UPDATE lan_terminals SET counter_id = ? WHERE id = ?').run('10', grant.terminalId)).toThrow('终端配对记录一经写入不可修改');
    expect(() => app.db.prepare('DELETE FROM lan_pairing_codes').run()).toThrow('配对码记录不可删除');
    expect(() => app.db.prepare("UPDATE lan_identity SET fingerprint = 'x'").run()).toThrow('服务器证书一经生成不可修改');
    const audit = app.db.prepare("SELECT action, entity FROM audit_log WHERE action LIKE 'lan.%' ORDER BY id").all() as { action: string }[];
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['lan.identity', 'lan.createPairingCode', 'lan.pair']));
  });
});

describe('a paired terminal', () => {
  it('calls through its credential, is seen, and is cut off at once when revoked', async () => {
    const config = await pair((await code('门诊收费十一', '11')).code);
    const link = new TerminalLink(config);
    try {
      const login = ok<{ token: string }>(await link.call(null, 'auth.login', { username: 'zhaomin', password: DEMO_PASSWORD }));
      clock += 5000;
      const listed = ok<TerminalSummary[]>(await link.call(login.token, 'lan.terminals', {}));
      expect(listed.find((t) => t.id === config.terminalId)).toMatchObject({ counterId: '11', lastContactAt: new Date(clock).toISOString(), revokedAt: null });

      ok(await app.dispatch('lan.revoke', { terminalId: config.terminalId }, TEST_CONTEXT));
      const before = snapshot(app.db);
      expect(await link.call(login.token, 'lan.terminals', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('已被信息员停用') } });
      expect(snapshot(app.db)).toEqual(before);
      expect(await app.dispatch('lan.revoke', { terminalId: config.terminalId }, TEST_CONTEXT)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      // Its counter number is free again for a new window.
      await expect(pair((await code('门诊收费十一（新电脑）', '11')).code)).resolves.toMatchObject({ counterId: '11' });
    } finally {
      link.close();
    }
  });

  it('has lan.* only for the 信息员', async () => {
    const config = await pair((await code('门诊收费十二', '12')).code);
    const link = new TerminalLink(config);
    try {
      const cashier = ok<{ token: string }>(await link.call(null, 'auth.login', { username: 'zhangli', password: DEMO_PASSWORD }));
      expect(await link.call(cashier.token, 'lan.createPairingCode', { name: 'x', counterId: '13' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      link.close();
    }
  });
});

describe('a server with another certificate', () => {
  it('gets neither the pairing code nor the credential: the terminal stops at the fingerprint', async () => {
    const seen: string[] = [];
    const impostorApp = {
      lan: { listening: () => {}, pair: () => seen.push('pair'), authenticate: () => seen.push('authenticate') },
      callFrom: () => seen.push('call'),
    } as unknown as LanApp;
    const impostor = await startLanServer({ app: impostorApp, host: '127.0.0.1', port: 0, identity: await makeServerIdentity(new Date(clock)) });
    try {
      const made = await code('门诊收费十四', '14');
      const folder = tempDir('counter-terminal-');
      folders.push(folder);
      await expect(pairTerminal({ serverUrl: impostor.url, code: made.code, fingerprint: identity.fingerprint, dataDir: folder.dir })).rejects.toThrow(
        `医院服务器证书指纹不符：应为 ${identity.fingerprint}`,
      );
      // A paired terminal pointed at it (its address taken over): the handshake fails before the request.
      const config = await pair(made.code);
      const link = new TerminalLink({ ...config, serverUrl: impostor.url });
      try {
        const refused = await link.call(null, 'auth.login', { username: 'zhangli', password: DEMO_PASSWORD });
        expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'fingerprint' } } });
        expect(!refused.ok && refused.error.message).toContain('证书指纹不符');
      } finally {
        link.close();
      }
      expect(seen).toEqual([]);
    } finally {
      await impostor.close();
    }
  });
});

describe('the LAN server under malformed requests', () => {
  it('answers each with a status and a Chinese message, and keeps serving', async () => {
    const config = await pair((await code('门诊收费十五', '15')).code);
    const credential = { 'x-terminal-credential': config.credential };
    const json = { 'content-type': 'application/json', ...credential };
    const cases = [
      { path: '/%E0%A4%A', status: 400, message: '请求地址无效' },
      { path: '/lan/api/%ff', init: { body: '{}', headers: json }, status: 400, message: '请求地址无效' },
      { path: '/lan/api/system.info', init: { method: 'GET', headers: credential }, status: 405, message: '接口只接受 POST 请求' },
      { path: '/lan/api/system.info', init: { body: '{}', headers: credential }, status: 415, message: '请求内容必须是 JSON' },
      { path: '/lan/api/system.info', init: { body: '{', headers: json }, status: 400, message: '请求内容不是有效的 JSON' },
      { path: '/lan/api/system.info', init: { body: Buffer.alloc(2 * 1024 * 1024, 0x20), headers: json }, status: 413, message: '请求内容过大' },
      { path: '/lan/api/system.info', init: { body: '{}', headers: { 'content-type': 'application/json' } }, status: 401, message: '不是已配对的终端' },
      { path: '/lan/pair', init: { body: '{"code":42}', headers: { 'content-type': 'application/json' } }, status: 400, message: '请输入配对码' },
      { path: '/lan/other', init: { body: '{}', headers: json }, status: 404, message: '没有这个地址' },
      { path: '/lan/api/%E6%94%B6%E8%B4%B9', init: { body: '{}', headers: json }, status: 404, message: '不认识这个操作' },
    ];
    for (const { path, init, status, message } of cases) {
      const answer = await raw(path, init);
      expect([path, answer.status]).toEqual([path, status]);
      expect(JSON.parse(answer.body).error.message).toContain(message);
    }
    // Garbage inside TLS gets a 400; garbage where the TLS handshake should be costs that socket only.
    const reply = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: lan.port, ca: identity.certPem, checkServerIdentity: () => undefined });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (c: string) => (text += c));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.setTimeout(5000, () => socket.destroy());
      socket.on('secureConnect', () => socket.write('\x00\x01garbage\r\n\r\n'));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await new Promise<void>((resolve) => {
      const socket = createConnection(lan.port, '127.0.0.1', () => socket.write('\x00\x01not tls at all\r\n\r\n'));
      socket.resume();
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.setTimeout(5000, () => socket.destroy());
    });
    const still = await raw('/lan/api/system.info', { body: '{}', headers: json });
    expect(still.status).toBe(200);
  });
});
