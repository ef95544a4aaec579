import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type RunningHost } from '../../electron/host/http-host';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import { openDemoApp, snapshot, tempDir } from '../helpers/temp-app';

let app: ReturnType<typeof openDemoApp>;
let host: RunningHost;
const renderer = tempDir('counter-renderer-');

beforeAll(async () => {
  app = openDemoApp();
  mkdirSync(join(renderer.dir, 'assets'));
  writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>收费台</title>');
  writeFileSync(join(renderer.dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(renderer.dir, '..', 'secret.txt'), 'secret');
  host = await startHttpHost({ call: (token, method, input) => app.callFrom('http', token, method, input), rendererDir: renderer.dir, port: 0 });
});
afterAll(async () => {
  await host.close();
  app.dispose();
  renderer.remove();
});

function send(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(path, host.url);
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
const json = { 'content-type': 'application/json' };

async function signIn(username: string): Promise<string> {
  const res = await send('/api/auth.login', { method: 'POST', body: JSON.stringify({ username, password: DEMO_PASSWORD }), headers: json });
  return JSON.parse(res.body).result.token as string;
}

describe('the Node host', () => {
  it('listens on loopback only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((host.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('serves the contract over HTTP through the same dispatcher', async () => {
    const res = await send('/api/system.info', { method: 'POST', body: '{}', headers: json });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, result: { hospitalName: '示范县青山镇卫生院（演示）' } });
  });

  it('refuses a page that has not signed in, or whose role may not make the call', async () => {
    const anonymous = await send('/api/catalogue.search', { method: 'POST', body: '{"query":"a"}', headers: json });
    expect(anonymous.status).toBe(403);
    expect(JSON.parse(anonymous.body).error.message).toBe('请先登录');
    const token = await signIn('liqiang'); // 药剂员
    const forbidden = await send('/api/settlement.settle', { method: 'POST', body: '{}', headers: { ...json, 'x-counter-session': token } });
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body).error.message).toContain('药剂员无权');
    const wrong = await send('/api/auth.login', { method: 'POST', body: '{"username":"liqiang","password":"nope"}', headers: json });
    expect(JSON.parse(wrong.body).error.message).toBe('用户名或密码不正确');
  });

  it('answers bad input with 400 and the Chinese error, changing nothing', async () => {
    const before = snapshot(app.db);
    const admin = { ...json, 'x-counter-session': await signIn('zhaomin') };
    const res = await send('/api/system.updateSettings', { method: 'POST', body: '{"hospitalName":""}', headers: admin });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const broken = await send('/api/system.updateSettings', { method: 'POST', body: '{not json', headers: admin });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.message).toContain('JSON');
    expect(snapshot(app.db)).toEqual({ ...before, audit_log: snapshot(app.db).audit_log });
  });

  it('refuses requests a foreign web page could forge', async () => {
    const form = await send('/api/system.updateSettings', {
      method: 'POST',
      body: 'hospitalName=x&counterId=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const rebinding = await send('/api/system.info', { method: 'POST', body: '{}', headers: { ...json, host: 'evil.example:80' } });
    expect(rebinding.status).toBe(421);
    const get = await send('/api/system.info');
    expect(get.status).toBe(405);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('收费台');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await send('/assets/app.js')).body).toBe('console.log(1)');
    const escape = await send('/..%2fsecret.txt');
    expect(escape.body).not.toBe('secret');
  });
});
