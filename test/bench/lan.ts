/**
 * The hospital network under load (issue 13): 4 terminals × 500 settlements against one hospital server
 * (`counter serve --lan`, its own process) over loopback HTTPS, side by side with the standalone figure
 * measured in the same run: the same 2,000 bills from 4 concurrent clients through the loopback browser host
 * of a standalone `counter serve` (plain HTTP, one process, no TLS). Then where the time goes: the server's
 * dispatch of the same bills timed in this process (`app.callFrom` on a third database), the servers' CPU per
 * settlement (from /proc), the JSON of a request and its answer, one round trip uncontended, and a TLS
 * handshake against a kept-alive call.
 *
 * The terminals are 4 TerminalLinks in this process, each with its own paired credential (paired with a code
 * of its own, as `counter terminal pair` does): the very code a window's PC uses to reach the server, without
 * 4 more Node processes and the window's loopback hop competing for this machine's few cores, so the figure
 * is the server's and the LAN transport's. Clients are closed loops: each sends its next bill when the last
 * is answered. Both servers and the in-process app run side by side and take turns in rounds of 125 bills
 * a client, so that whatever else the machine is doing falls on all three alike (after 50 warm-up bills a
 * client, not counted).
 *
 *   node --import tsx test/bench/lan.ts [perTerminal]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Envelope } from '../../shared/api/errors';
import type { PairingCode } from '../../shared/lan';
import type { BillRequest } from '../../shared/ledger';
import { openCounterApp } from '../../electron/app/counter-app';
import { DEMO_PASSWORD, seedDemo } from '../../electron/demo/seed-demo';
import { PinnedHttps } from '../../electron/lan/pinned-https';
import { CREDENTIAL_HEADER, LAN_API_PREFIX } from '../../electron/lan/protocol';
import { readTerminalConfig } from '../../electron/lan/terminal-config';
import { TerminalLink } from '../../electron/lan/terminal-link';
import { pairTerminal } from '../../electron/lan/terminal-pairing';
import { outpatientBill } from '../helpers/demo-bills';
import { tempDir } from '../helpers/temp-app';
import { startHospitalServer } from '../lan/hospital';
import { startCounter, stopAll, type RunningCounter } from '../lan/processes';

const TERMINALS = 4;
const WARMUP = 50;
const SEQUENTIAL = 200;
/** Each mode's bills are sent in this many rounds, the modes taking turns. */
const ROUNDS = 4;

export interface Run {
  settlements: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time the server process spent (user + system) per settlement, from /proc; null where unavailable. */
  serverCpuMs: number | null;
  /** CPU time of this process (the clients: HTTP, TLS, JSON) per settlement. */
  clientCpuMs: number;
}

export interface LanBench {
  terminals: number;
  perTerminal: number;
  lan: Run;
  standalone: Run;
  /** One client, one bill at a time: the round trip without queueing (p50). */
  lanSequentialP50Ms: number;
  standaloneSequentialP50Ms: number;
  /** The server's own work per settlement: `app.callFrom` in this process for the same bills (validate, authorise, settle and commit with synchronous=FULL). */
  dispatchP50Ms: number;
  dispatchMeanMs: number;
  /** CPU time (user + system) of that dispatch per settlement: the rest of its wall time is waiting for the disk (fsync). */
  dispatchCpuMs: number;
  /** JSON.stringify and JSON.parse of one request and its answer, both ends (what the LAN adds over IPC in JSON work), and the answer's size. */
  jsonMs: number;
  answerBytes: number;
  /** A public call (system.info) on a kept-alive connection, and on a fresh connection each time (TCP + TLS handshake + pin check). */
  keptAliveCallMs: number;
  freshConnectionCallMs: number;
  /** The same call over the standalone host's plain HTTP, kept alive. */
  plainHttpCallMs: number;
}

/** The same bills for every run: the demo roster in turn, each an everyday outpatient visit (consultation, 2 drugs, a test). */
function bills(count: number, salt: string): (BillRequest & { clientRequestId: string })[] {
  return Array.from({ length: count }, (_, i) => ({ ...outpatientBill(1 + (i % 12)), clientRequestId: `bench-${salt}-${String(i).padStart(6, '0')}` }));
}

/** Enough of the two drugs the bills use for every run, at the catalogue price (zero markup). */
const STOCK_IN = {
  supplier: '基准测试配送企业',
  invoiceNo: 'BENCH-LAN',
  receivedOn: new Date().toISOString().slice(0, 10),
  lines: [
    { itemCode: 'XY0001', batchNo: 'BENCH', expiryDate: '2030-12-31', qty: 20_000, purchasePrice: 680 },
    { itemCode: 'XY0013', batchNo: 'BENCH', expiryDate: '2030-12-31', qty: 10_000, purchasePrice: 1680 },
  ],
};

type Call = (method: string, input: unknown) => Promise<Envelope>;

function must<T>(envelope: Envelope, what: string): T {
  if (!envelope.ok) throw new Error(`${what}：${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

/** CPU ms (user + system) a process has used so far, from /proc/<pid>/stat; null off Linux. */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    return (ticks * 1000) / clockTicks();
  } catch {
    return null;
  }
}

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** What one closed-loop run measured, to be added up over the rounds of a mode. */
interface Sample {
  latencies: number[];
  ms: number;
  serverCpuMs: number | null;
  clientCpuMs: number;
}

/** `clients` closed loops, each settling its own share of `work` one bill at a time: every call's latency. */
async function loadRun(clients: Call[], work: (BillRequest & { clientRequestId: string })[][], server: RunningCounter): Promise<Sample> {
  const latencies: number[] = [];
  const cpuBefore = cpuMsOf(server.child.pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    clients.map(async (callAt, c) => {
      for (const bill of work[c]!) {
        const t = performance.now();
        must(await callAt('settlement.settle', bill), `结算 ${bill.clientRequestId}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - started;
  const cpuAfter = cpuMsOf(server.child.pid);
  const client = process.cpuUsage(clientBefore);
  return { latencies, ms, serverCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, clientCpuMs: (client.user + client.system) / 1000 };
}

function summarize(samples: Sample[]): Run {
  const sorted = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.ms, 0) / 1000;
  const serverCpu = samples.every((s) => s.serverCpuMs !== null) ? samples.reduce((sum, s) => sum + s.serverCpuMs!, 0) : null;
  return {
    settlements: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    serverCpuMs: serverCpu === null ? null : serverCpu / sorted.length,
    clientCpuMs: samples.reduce((sum, s) => sum + s.clientCpuMs, 0) / sorted.length,
  };
}

/** Each client's share of `bills`, `per` each. */
const shares = (all: (BillRequest & { clientRequestId: string })[], clients: number, per: number) =>
  Array.from({ length: clients }, (_, c) => all.slice(c * per, (c + 1) * per));

/** One client's bills one at a time: the p50 round trip with nothing queued ahead of it. */
async function sequentialP50(callAt: Call, work: (BillRequest & { clientRequestId: string })[]): Promise<number> {
  const times: number[] = [];
  for (const bill of work) {
    const t = performance.now();
    must(await callAt('settlement.settle', bill), `结算 ${bill.clientRequestId}`);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function timeCalls(n: number, once: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** A page's calls to a loopback browser host over one kept-alive HTTP agent (as a browser keeps its connection). */
function plainHttpClient(hostUrl: string): { call: (method: string, input: unknown, token?: string) => Promise<Envelope>; close: () => void } {
  const agent = new http.Agent({ keepAlive: true });
  const call = (method: string, input: unknown, token?: string) =>
    new Promise<Envelope>((resolve, reject) => {
      const body = Buffer.from(JSON.stringify(input), 'utf8');
      const request = http.request(
        new URL(`/api/${method}`, hostUrl),
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, ...(token ? { 'x-counter-session': token } : {}) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope);
            } catch (error) {
              reject(error as Error);
            }
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return { call, close: () => agent.destroy() };
}

interface Setup {
  proc: RunningCounter;
  clients: Call[];
  close(): Promise<void>;
}

/** A fresh hospital server with 4 terminals paired to it (a code each), their cashiers signed in with open shifts. */
async function setUpHospital(root: string): Promise<Setup & { lanUrl: string; fingerprint: string; windowDir: string }> {
  const server = await startHospitalServer(join(root, 'server'));
  const host = plainHttpClient(server.hostUrl);
  const links: TerminalLink[] = [];
  const admin = must<{ token: string }>(await host.call('auth.login', { username: 'zhaomin', password: DEMO_PASSWORD }), '信息员登录').token;
  const pharmacist = must<{ token: string }>(await host.call('auth.login', { username: 'liqiang', password: DEMO_PASSWORD }), '药剂员登录').token;
  must(await host.call('pharmacy.stockIn', STOCK_IN, pharmacist), '入库');
  const clients: Call[] = [];
  for (let t = 0; t < TERMINALS; t++) {
    const counterId = String(t + 2).padStart(2, '0');
    const code = must<PairingCode>(await host.call('lan.createPairingCode', { name: `基准窗口${counterId}`, counterId }, admin), '配对码');
    const config = await pairTerminal({ serverUrl: server.lanUrl, code: code.code, fingerprint: server.fingerprint, dataDir: join(root, `window-${counterId}`) });
    const link = new TerminalLink(config);
    links.push(link);
    await link.probe(); // the link's first word with the server, as a terminal's start does
    const cashier = t % 2 === 0 ? 'zhangli' : 'wangfang';
    const token = must<{ token: string }>(await link.call(null, 'auth.login', { username: cashier, password: DEMO_PASSWORD }), '收费员登录').token;
    must(await link.call(token, 'shift.open', { float: 0 }), `收费台 ${counterId} 开班`);
    clients.push((method, input) => link.call(token, method, input));
  }
  host.close();
  return {
    proc: server.proc,
    clients,
    lanUrl: server.lanUrl,
    fingerprint: server.fingerprint,
    windowDir: join(root, 'window-02'),
    close: async () => {
      for (const link of links) link.close();
      await server.proc.stop();
    },
  };
}

/** A standalone `counter serve` (no LAN): 4 sessions at its counter 01 with one shift, each client on its own kept-alive connection. */
async function setUpStandalone(root: string): Promise<Setup & { hostUrl: string }> {
  const { proc, matches } = await startCounter(['serve', '--demo', '--data-dir', join(root, 'standalone'), '--port', '0'], [/收费台已启动：(\S+)/]);
  const hostUrl = matches[0]![1]!;
  const host = plainHttpClient(hostUrl);
  const pharmacist = must<{ token: string }>(await host.call('auth.login', { username: 'liqiang', password: DEMO_PASSWORD }), '药剂员登录').token;
  must(await host.call('pharmacy.stockIn', STOCK_IN, pharmacist), '入库');
  const clients: Call[] = [];
  const connections = [host];
  for (let t = 0; t < TERMINALS; t++) {
    const token = must<{ token: string }>(await host.call('auth.login', { username: 'zhangli', password: DEMO_PASSWORD }), '收费员登录').token;
    if (t === 0) must(await host.call('shift.open', { float: 0 }, token), '开班');
    const own = plainHttpClient(hostUrl);
    connections.push(own);
    clients.push((method, input) => own.call(method, input, token));
  }
  return {
    proc,
    clients,
    hostUrl,
    close: async () => {
      for (const c of connections) c.close();
      await proc.stop();
    },
  };
}

/** A public call (system.info): on a kept-alive pinned link, on a fresh pinned connection each time, and over the standalone host's HTTP. */
async function timeConnections(hospital: Awaited<ReturnType<typeof setUpHospital>>, standaloneUrl: string): Promise<Pick<LanBench, 'keptAliveCallMs' | 'freshConnectionCallMs' | 'plainHttpCallMs'>> {
  const config = readTerminalConfig(hospital.windowDir);
  const pinned = { url: hospital.lanUrl, fingerprint: hospital.fingerprint, certPem: config.certPem };
  const headers = { [CREDENTIAL_HEADER]: config.credential };
  const path = `${LAN_API_PREFIX}system.info`;
  const kept = new PinnedHttps(pinned);
  await kept.post(path, {}, headers);
  const keptAliveCallMs = await timeCalls(200, () => kept.post(path, {}, headers));
  kept.close();
  const freshConnectionCallMs = await timeCalls(50, async () => {
    const fresh = new PinnedHttps(pinned);
    try {
      await fresh.post(path, {}, headers);
    } finally {
      fresh.close();
    }
  });
  const plain = plainHttpClient(standaloneUrl);
  await plain.call('system.info', {});
  const plainHttpCallMs = await timeCalls(200, () => plain.call('system.info', {}));
  plain.close();
  return { keptAliveCallMs, freshConnectionCallMs, plainHttpCallMs };
}

/** What the in-process rounds measured: the server's own share of a settlement, and the JSON a transport adds. */
interface DispatchSample {
  times: number[];
  cpuMs: number;
  json: number[];
  answerBytes: number;
}

/**
 * The server's share: a third app, in this process, settling the same bills one at a time through
 * `app.callFrom` (validate, authorise, settle, commit), as `counter serve` does behind either transport.
 */
async function setUpInProcess(root: string): Promise<{ run(work: (BillRequest & { clientRequestId: string })[]): Promise<DispatchSample>; close(): void }> {
  const app = openCounterApp({ dataDir: join(root, 'in-process') });
  seedDemo(app.db, app.repos);
  const login = async (username: string) => must<{ token: string }>(await app.callFrom('http', null, 'auth.login', { username, password: DEMO_PASSWORD }), username).token;
  must(await app.callFrom('http', await login('liqiang'), 'pharmacy.stockIn', STOCK_IN), '入库');
  const token = await login('zhangli');
  must(await app.callFrom('http', token, 'shift.open', { float: 0 }), '开班');
  return {
    run: async (work) => {
      const sample: DispatchSample = { times: [], cpuMs: 0, json: [], answerBytes: 0 };
      for (const bill of work) {
        const cpu = process.cpuUsage();
        const t = performance.now();
        const envelope = await app.callFrom('http', token, 'settlement.settle', bill);
        sample.times.push(performance.now() - t);
        const used = process.cpuUsage(cpu);
        sample.cpuMs += (used.user + used.system) / 1000;
        must(envelope, '结算');
        // Both ends of a transport: the request written and read, the answer written and read.
        const j = performance.now();
        const answer = JSON.stringify(envelope);
        JSON.parse(JSON.stringify(bill));
        JSON.parse(answer);
        sample.json.push(performance.now() - j);
        sample.answerBytes = Buffer.byteLength(answer);
      }
      return sample;
    },
    close: () => app.close(),
  };
}

function summarizeDispatch(samples: DispatchSample[]): Pick<LanBench, 'dispatchP50Ms' | 'dispatchMeanMs' | 'dispatchCpuMs' | 'jsonMs' | 'answerBytes'> {
  const times = samples.flatMap((s) => s.times);
  return {
    dispatchP50Ms: median(times),
    dispatchMeanMs: times.reduce((a, b) => a + b, 0) / times.length,
    dispatchCpuMs: samples.reduce((sum, s) => sum + s.cpuMs, 0) / times.length,
    jsonMs: median(samples.flatMap((s) => s.json)),
    answerBytes: samples[0]!.answerBytes,
  };
}

/**
 * Both servers up side by side, and the in-process app; each mode's 2,000 bills in `ROUNDS` rounds, the modes
 * taking turns (LAN, standalone, in process, LAN, …) so that whatever else this machine is doing falls on all alike.
 */
export async function benchLan(perTerminal = 500): Promise<LanBench> {
  const root = tempDir('counter-bench-lan-');
  try {
    const hospital = await setUpHospital(root.dir);
    const standalone = await setUpStandalone(root.dir);
    const inProcess = await setUpInProcess(root.dir);
    try {
      for (const [name, setup] of [['lan-warm', hospital], ['one-warm', standalone]] as const) {
        await loadRun(setup.clients, shares(bills(WARMUP * TERMINALS, name), TERMINALS, WARMUP), setup.proc);
      }
      await inProcess.run(bills(WARMUP * TERMINALS, 'ip-warm'));
      const per = Math.ceil(perTerminal / ROUNDS);
      const total = perTerminal * TERMINALS;
      const [lanBills, oneBills, ipBills] = [bills(total, 'lan'), bills(total, 'one'), bills(total, 'ip')];
      const lanSamples: Sample[] = [];
      const oneSamples: Sample[] = [];
      const ipSamples: DispatchSample[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const slice = (all: typeof lanBills) =>
          Array.from({ length: TERMINALS }, (_, c) => all.slice(c * perTerminal, (c + 1) * perTerminal).slice(round * per, (round + 1) * per));
        lanSamples.push(await loadRun(hospital.clients, slice(lanBills), hospital.proc));
        oneSamples.push(await loadRun(standalone.clients, slice(oneBills), standalone.proc));
        ipSamples.push(await inProcess.run(slice(ipBills).flat()));
      }
      return {
        terminals: TERMINALS,
        perTerminal,
        lan: summarize(lanSamples),
        standalone: summarize(oneSamples),
        lanSequentialP50Ms: await sequentialP50(hospital.clients[0]!, bills(SEQUENTIAL, 'lan-seq')),
        standaloneSequentialP50Ms: await sequentialP50(standalone.clients[0]!, bills(SEQUENTIAL, 'one-seq')),
        ...(await timeConnections(hospital, standalone.hostUrl)),
        ...summarizeDispatch(ipSamples),
      };
    } finally {
      inProcess.close();
      await hospital.close();
      await standalone.close();
    }
  } finally {
    await stopAll();
    root.remove();
  }
}

export function reportLan(b: LanBench): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const cpu = (r: Run) => `   CPU/笔：服务器进程 ${r.serverCpuMs === null ? '—' : ms(r.serverCpuMs)}，客户端 ${ms(r.clientCpuMs)}`;
  const total = b.terminals * b.perTerminal;
  console.log(`医院网络（${b.terminals} 个终端 × ${b.perTerminal} 笔 = ${fmt(total)} 笔结算，本机回环；终端为本进程内的 ${b.terminals} 条 TerminalLink，各有自己的配对凭据）`);
  console.log(`  服务器（HTTPS，证书固定）  ${fmt(b.lan.perSecond)} 笔/秒   p50 ${ms(b.lan.p50Ms)}   p99 ${ms(b.lan.p99Ms)}${cpu(b.lan)}`);
  console.log(`  单机（127.0.0.1 HTTP）     ${fmt(b.standalone.perSecond)} 笔/秒   p50 ${ms(b.standalone.p50Ms)}   p99 ${ms(b.standalone.p99Ms)}${cpu(b.standalone)}`);
  console.log(`  吞吐之比（服务器/单机）${(b.lan.perSecond / b.standalone.perSecond).toFixed(2)}，p50 之比 ${(b.lan.p50Ms / b.standalone.p50Ms).toFixed(2)}`);
  console.log(
    `  其中：服务器办理一笔（本进程 app.callFrom：校验、授权、结算、synchronous=FULL 提交）p50 ${ms(b.dispatchP50Ms)}，平均 ${ms(b.dispatchMeanMs)}，CPU ${ms(b.dispatchCpuMs)}；` +
      `请求与应答的 JSON（两端，应答 ${fmt(b.answerBytes)} 字节）${ms(b.jsonMs)}`,
  );
  // Where a settlement's time goes at the server (per settlement, under the 4 clients): its wall time is
  // 1 / throughput; the server's CPU splits into the dispatch itself (timed in process) and the transport
  // around it; the rest is waiting, for the disk (fsync at each commit) or for a core.
  const split = (r: Run) => {
    const wall = 1000 / r.perSecond;
    if (r.serverCpuMs === null) return `每笔 ${ms(wall)}`;
    return (
      `每笔 ${ms(wall)} = 办理 ${ms(b.dispatchCpuMs)} + 传输及其余（HTTP${r === b.lan ? '、TLS' : ''}、JSON、会话、GC、后台定时任务）${ms(r.serverCpuMs - b.dispatchCpuMs)}` +
      ` + 等待（写盘、等 CPU）${ms(Math.max(0, wall - r.serverCpuMs))}`
    );
  };
  console.log(`  服务器上的时间：服务器 ${split(b.lan)}；单机 ${split(b.standalone)}；${b.terminals} 个客户端同时排队，故 p50 ≈ ${b.terminals} × 每笔`);
  console.log(
    `  单笔往返（一个终端，无排队）：服务器 p50 ${ms(b.lanSequentialP50Ms)}，单机 p50 ${ms(b.standaloneSequentialP50Ms)}；` +
      `公开调用 system.info：HTTPS 长连接 ${ms(b.keptAliveCallMs)}，每次新建连接（TCP + TLS 握手 + 指纹核对）${ms(b.freshConnectionCallMs)}，单机 HTTP ${ms(b.plainHttpCallMs)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  reportLan(await benchLan(Number(process.argv[2] ?? 500)));
}
