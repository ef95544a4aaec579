/**
 * A hospital on loopback for the race and crash tests and the LAN benchmark: a server (`counter serve --lan`)
 * on its data folder, windows paired to it with the CLI as an IT person would (`counter lan code` on the
 * server, `counter terminal pair` at the window), and calls made as a page makes them.
 *
 *   const server = await startHospitalServer(serverDir);             // on a free LAN port of its own
 *   const config = await pairWindow(server, '门诊收费二', '02', windowDir);
 *   const window = await startWindow(windowDir);                      // `counter terminal serve`
 *   const token = await signIn(window.hostUrl, 'zhangli');
 *   server = await restartHospitalServer(server);                     // same data folder, same LAN port
 *
 * Every wait is bounded (startCounter: 20 s; each call: `timeoutMs`).
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import { readTerminalConfig, type TerminalConfig } from '../../electron/lan/terminal-config';
import type { Envelope } from '../../shared/api/errors';
import type { BatchStock } from '../../shared/pharmacy';
import { counter } from '../helpers/cli';
import { startCounter, type RunningCounter } from './processes';

export interface HospitalServer {
  proc: RunningCounter;
  dataDir: string;
  /** The server PC's own browser host (its counter 01), http://127.0.0.1:<port>/ */
  hostUrl: string;
  lanUrl: string;
  lanPort: number;
  fingerprint: string;
  /** The SQLite file, to read from the side. */
  database: string;
}

export interface Window {
  proc: RunningCounter;
  hostUrl: string;
  config: TerminalConfig;
}

/**
 * A free port on 127.0.0.1 below the kernel's ephemeral range (32768–60999 on Linux), so no outgoing
 * connection is ever given it while the server is down: a killed server can always be started on it again.
 */
export async function freeLanPort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('20000–32000 之间找不到空闲端口');
}

/** `counter serve --demo --lan 127.0.0.1:<lanPort>` on `dataDir` (by default a free port of its own), once it is listening. */
export async function startHospitalServer(dataDir: string, lanPort?: number): Promise<HospitalServer> {
  lanPort ??= await freeLanPort();
  const { proc, matches } = await startCounter(
    ['serve', '--demo', '--data-dir', dataDir, '--port', '0', '--lan', `127.0.0.1:${lanPort}`],
    [/收费台已启动：(\S+)/, /局域网）已启动：(https:\/\/127\.0\.0\.1:(\d+))/, /指纹（SHA-256）：([0-9A-F:]{95})/],
  );
  const [host, lan, print] = matches as [RegExpExecArray, RegExpExecArray, RegExpExecArray];
  return { proc, dataDir, hostUrl: host[1]!, lanUrl: lan[1]!, lanPort: Number(lan[2]), fingerprint: print[1]!, database: join(dataDir, 'counter.sqlite3') };
}

/**
 * The same server started again on its data folder and LAN port (after a crash or a stop), so windows
 * reconnect; a start that fails is tried twice more, half a second apart, and then the failure is thrown.
 */
export async function restartHospitalServer(previous: HospitalServer): Promise<HospitalServer> {
  let failure: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const server = await startHospitalServer(previous.dataDir, previous.lanPort);
      if (server.fingerprint !== previous.fingerprint) throw new Error(`服务器重启后证书指纹变了：${previous.fingerprint} → ${server.fingerprint}`);
      return server;
    } catch (error) {
      failure = error;
      console.warn(`医院服务器第 ${attempt} 次重启未成功：${(error as Error).message}`);
      await sleep(500);
    }
  }
  throw failure;
}

/** A pairing code from the server's CLI, used at the window's PC with `counter terminal pair`; returns the window's terminal.json. */
export async function pairWindow(server: HospitalServer, name: string, counterId: string, windowDir: string): Promise<TerminalConfig> {
  const issued = await counter(['lan', 'code', name, counterId, '--data-dir', server.dataDir]);
  const code = /配对码：([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(issued.stdout)?.[1];
  if (issued.code !== 0 || !code) throw new Error(`counter lan code ${name} ${counterId}：${issued.stdout}${issued.stderr}`);
  const paired = await counter(['terminal', 'pair', server.lanUrl, code, '--fingerprint', server.fingerprint, '--data-dir', windowDir]);
  if (paired.code !== 0) throw new Error(`counter terminal pair（收费台 ${counterId}）：${paired.stdout}${paired.stderr}`);
  return readTerminalConfig(windowDir);
}

/** `counter terminal serve` on a paired window's folder: its loopback browser host. */
export async function startWindow(windowDir: string): Promise<Window> {
  const { proc, matches } = await startCounter(['terminal', 'serve', '--data-dir', windowDir, '--port', '0'], [/已启动：(http:\/\/127\.0\.0\.1:\d+\/)/]);
  return { proc, hostUrl: matches[0]![1]!, config: readTerminalConfig(windowDir) };
}

/**
 * One page call to a loopback browser host (`POST /api/<method>`, the session in `x-counter-session`). A
 * host that does not answer within `timeoutMs` (or at all) throws; every answer, refusals included, is returned.
 */
export async function call(hostUrl: string, method: string, input: unknown = {}, token?: string, timeoutMs = 20_000): Promise<Envelope> {
  const response = await fetch(new URL(`/api/${method}`, hostUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-counter-session': token } : {}) },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return (await response.json()) as Envelope;
}

/** A call that must succeed; throws with the Chinese message otherwise. */
export async function ok<T>(hostUrl: string, method: string, input: unknown = {}, token?: string): Promise<T> {
  const envelope = await call(hostUrl, method, input, token);
  if (!envelope.ok) throw new Error(`${method}：${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

export async function signIn(hostUrl: string, username: string): Promise<string> {
  return (await ok<{ token: string }>(hostUrl, 'auth.login', { username, password: DEMO_PASSWORD })).token;
}

/**
 * A stock-in as the pharmacist would type it: `qty` boxes of each drug in a new batch at its catalogue price
 * (zero markup: the purchase price is the sale price), expiring well after the test.
 */
export async function stockIn(hostUrl: string, pharmacistToken: string, invoiceNo: string, lines: { itemCode: string; qty: number; price: number; batchNo?: string }[]): Promise<void> {
  await ok(
    hostUrl,
    'pharmacy.stockIn',
    {
      supplier: '示范县医药配送有限公司',
      invoiceNo,
      receivedOn: new Date().toISOString().slice(0, 10),
      lines: lines.map((l) => ({ itemCode: l.itemCode, batchNo: l.batchNo ?? invoiceNo, expiryDate: '2030-12-31', qty: l.qty, purchasePrice: l.price })),
    },
    pharmacistToken,
  );
}

/** A drug's stock in boxes over its unexpired batches, as the pharmacy screen lists them. */
export async function stockOf(hostUrl: string, token: string, itemCode: string): Promise<number> {
  const batches = await ok<BatchStock[]>(hostUrl, 'pharmacy.batches', { itemCode }, token);
  return batches.filter((b) => !b.expired).reduce((sum, b) => sum + b.balanceMilli, 0) / 1000;
}


export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export { seeded } from '../helpers/random';
