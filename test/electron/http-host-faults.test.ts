import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type RunningHost } from '../../electron/host/http-host';
import { openDemoApp, tempDir } from '../helpers/temp-app';

// The host will face a hospital's LAN (issue 13): no request, however malformed, may stop it.
let app: ReturnType<typeof openDemoApp>;
let host: RunningHost;
const renderer = tempDir('counter-renderer-');

beforeAll(async () => {
  app = openDemoApp();
  mkdirSync(join(renderer.dir, 'assets'));
  writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>收费台</title>');
  host = await startHttpHost({ call: (token, method, input) => app.callFrom('http', token, method, input), rendererDir: renderer.dir, port: 0 });
});
afterAll(async () => {
  await host.close();
  app.dispose();
  renderer.remove();
});

function send(path: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {}) {
  const url = new URL(host.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
const json = { 'content-type': 'application/json' };

async function stillServing(): Promise<void> {
  const res = await send('/api/system.info', { method: 'POST', body: '{}', headers: json });
  expect(res.status).toBe(200);
}

describe('the host under malformed requests', () => {
  it('answers 400 to a path that does not percent-decode, on a page or the API, and keeps serving', async () => {
    const page = await send('/%E0%A4%A');
    expect(page.status).toBe(400);
    const api = await send('/api/%ff', { method: 'POST', body: '{}', headers: json });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error.message).toBe('请求地址无效');
    await stillServing();
  });

  it('answers an oversized body with 413 and its Chinese message instead of resetting the connection', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const res = await send('/api/system.info', { method: 'POST', body: big, headers: json });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.message).toContain('请求内容过大');
    await stillServing();
  });

  it('closes a connection that does not speak HTTP, and keeps serving', async () => {
    const url = new URL(host.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('\x00\x01garbage\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (c: string) => (text += c));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy(new Error('no answer in 5 s')));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await stillServing();
  });

  it('a method name with odd characters is an unknown method, not a crash', async () => {
    const res = await send('/api/%E6%94%B6%E8%B4%B9', { method: 'POST', body: '{}', headers: json });
    expect(res.status).toBe(404);
    await stillServing();
  });
});
