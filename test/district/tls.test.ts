import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, drainUntilEmpty, expectExactlyOnce, FIXMEDINS, KEY, startHarness, type Harness } from './harness';

const TLS = join(__dirname, '../fixtures/tls');
const read = (name: string) => readFileSync(join(TLS, name), 'utf8');

let h: Harness;
let proxy: https.Server;
let httpsUrl: string;

/** The centre behind HTTPS: a TLS front end (certificate signed by a test CA) passing requests to the simulator. */
beforeEach(async () => {
  h = await startHarness();
  const target = new URL(h.sim.url);
  proxy = https.createServer({ cert: read('server.pem'), key: read('server-key.pem') }, (req, res) => {
    const forward = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  httpsUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await h.dispose();
});

const connect = (caPem: string) =>
  h.app.district.updateSettings(
    { enabled: true, baseUrl: httpsUrl, fixmedinsCode: FIXMEDINS, fixmedinsName: '测试乡镇卫生院', admdvs: '330102', caPem, batchSize: 500, maxAgeSeconds: 60, key: KEY },
    ADMIN,
  );

describe('HTTPS to the centre', () => {
  it('refuses a certificate the configured CA did not sign, and says so in Chinese', async () => {
    connect('');
    await h.settle();
    const result = await h.app.district.drain(true);
    expect(result.error).toMatch(/证书校验失败/);
    expect(h.sim.accepted()).toEqual([]);
  });

  it('uploads over TLS once the centre’s CA is set', async () => {
    connect(read('ca.pem'));
    await h.settle();
    await drainUntilEmpty(h.app);
    expectExactlyOnce(h);
  });
});
