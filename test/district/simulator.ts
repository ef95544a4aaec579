/**
 * The district insurance centre simulator: a real HTTP server with its own SQLite file, speaking the centre's
 * side of electron/district/PROTOCOL.md. Tests and the benchmark point the counter at `url`, inject network
 * and centre faults, and read back what the centre holds.
 *
 * Layout: this file is the HTTP layer and fault injection; simulator-centre.ts the transactions;
 * simulator-checks.ts what the centre refuses; simulator-store.ts the SQLite file; faults.ts the fault plan.
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from 'better-sqlite3';
import { FIXMEDINS_HEADER, SIGNATURE_HEADER, TXN_PATH, type UploadRecord } from '../../shared/district/protocol';
import { FaultPlan, type Fault, type FaultRule } from './faults';
import { Centre, NOT_JSON, sign, type Institution, type Reply } from './simulator-centre';
import { SimulatorStore, type AcceptedRecord, type RosterEntry } from './simulator-store';

export type { Fault, FaultRule } from './faults';
export type { Institution } from './simulator-centre';

export interface SimulatorOptions {
  /** Path of the simulator's own SQLite file (created if missing; an existing one keeps what it holds). */
  file: string;
  institutions: Institution[];
  /** When set, requests naming another care area are refused (BAD_MESSAGE). */
  mdtrtareaAdmvs?: string;
  /** Seeded source for random faults (default Math.random). */
  random?: () => number;
  /** Port on 127.0.0.1 (default: any free one). */
  port?: number;
}

export interface DistrictSimulator {
  /** 'http://127.0.0.1:<port>' */
  readonly url: string;
  readonly db: Database;
  /** Faults applied to the next requests, one each, in order (a request whose infno does not match a rule with `infno` skips that rule and leaves it queued). */
  script(...rules: FaultRule[]): void;
  /** Random faults: each request gets fault i with probability p_i; `null` turns it off. */
  chaos(mix: { fault: Fault; p: number }[] | null): void;
  /** Refuse every request with a dropped connection (the centre is "offline"), until set back to false. */
  setOffline(offline: boolean): void;
  /** Records matching a rule are rejected with its reason (checked in order; first match wins). */
  rejectWhen(rule: (record: UploadRecord) => string | null): void;
  clearRejectRules(): void;
  /** Forget every sign_no (as if the centre restarted), so the next request gets err_code SIGN_NO. */
  forgetSignIns(): void;
  setPolicies(ver: string, policies: { id: string; effective_from: string; effective_to: string; document: unknown }[]): void;
  setCatalogue(ver: string, items: unknown[]): void;
  /** A 医保电子凭证 token the centre resolves (1101) to a roster person's ID number. */
  setVoucher(token: string, psnCertNo: string): void;
  /** A roster entry; `baseYtd` are accumulators from other institutions for `year` (account -> fen). */
  setRosterPerson(person: RosterEntry, year: number, baseYtd: Record<string, number>): void;
  /** What the centre accepted, in the order it accepted it (seq ascending). */
  accepted(): AcceptedRecord[];
  rejected(): { rec_id: string; setl_id: string; reason: string }[];
  /**
   * `requests`: every request that arrived (faulted and refused ones too). `batchesProcessed`: 2207A messages
   * whose records were processed (not those answered from the msgid store, nor those refused whole).
   * `busyMs`: time spent parsing, checking and storing requests (the centre's share of a benchmark).
   */
  stats(): { requests: number; batchesProcessed: number; signatureFailures: number; busyMs: number };
  close(): Promise<void>;
}

/** A benchmark batch is a few MB; the cap only stops a runaway client. */
const BODY_LIMIT = 256 * 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

class BodyTooLarge extends Error {}

export async function startDistrictSimulator(options: SimulatorOptions): Promise<DistrictSimulator> {
  const store = new SimulatorStore(options.file);
  const centre = new Centre(store, options.institutions, options.mdtrtareaAdmvs);
  const faults = new FaultPlan(options.random ?? Math.random);
  let offline = false;
  let closed = false;
  /** Pending `delay` faults, woken early by close() so no handler touches a closed database. */
  const sleepers = new Set<() => void>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    centre.stats.requests++;
    if (offline || closed) return void req.socket.destroy();
    if (req.method !== 'POST' || req.url?.split('?')[0] !== TXN_PATH) return send(res, { status: 404, body: 'not found', key: null }, 'text/plain; charset=utf-8');
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) return void req.socket.destroy();
      res.on('finish', () => req.socket.destroy());
      return send(res, { status: 413, body: 'request body too large', key: null }, 'text/plain; charset=utf-8');
    }
    const started = performance.now();
    const parsed = parseJson(raw);
    const code = header(req, FIXMEDINS_HEADER);
    const fault = faults.next(infnoOf(parsed));
    switch (fault?.kind) {
      case 'drop-request':
        return void req.socket.destroy();
      case 'http-500':
        return send(res, { status: 500, body: '中心服务内部错误', key: centre.keyFor(code) }, 'text/plain; charset=utf-8');
      case 'delay':
        await sleep(fault.ms);
        break;
    }
    if (closed) return void req.socket.destroy();
    let reply: Reply;
    try {
      reply = centre.handle(code, header(req, SIGNATURE_HEADER), raw, parsed);
      if (fault?.kind === 'duplicate') reply = centre.handle(code, header(req, SIGNATURE_HEADER), raw, parsed);
    } catch (error) {
      // A simulator bug, not a protocol outcome: say so loudly, and answer like a broken centre would.
      console.error('district simulator: request failed', error);
      return send(res, { status: 500, body: `simulator error: ${(error as Error).message}`, key: null }, 'text/plain; charset=utf-8');
    }
    centre.stats.busyMs += performance.now() - started - (fault?.kind === 'delay' ? fault.ms : 0);
    if (fault?.kind === 'commit-drop-response') return void req.socket.destroy();
    if (fault?.kind === 'malformed-json') {
      // A truncated body, still signed: the signature verifies, but no prefix of a JSON object is JSON.
      const bytes = Buffer.from(reply.body);
      return send(res, { ...reply, status: 200, body: bytes.subarray(0, Math.floor(bytes.length / 2)) });
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      console.error('district simulator: request failed', error);
      req.socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    db: store.db,
    script: (...rules) => faults.script(rules),
    chaos: (mix) => faults.chaos(mix),
    setOffline: (value) => {
      offline = value;
    },
    rejectWhen: (rule) => centre.rejectWhen(rule),
    clearRejectRules: () => centre.clearRejectRules(),
    forgetSignIns: () => centre.forgetSignIns(),
    setPolicies: (ver, policies) => store.setDownload('policies', ver, policies),
    setCatalogue: (ver, items) => store.setDownload('catalogue', ver, items),
    setVoucher: (token, psnCertNo) => centre.setVoucher(token, psnCertNo),
    setRosterPerson: (person, year, baseYtd) => store.setRosterPerson(person, year, baseYtd),
    accepted: () => store.accepted(),
    rejected: () => store.rejected(),
    stats: () => ({ ...centre.stats }),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const wake of [...sleepers]) wake();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
      store.close();
    },
  };
}

type Body = Omit<Reply, 'body'> & { body: string | Buffer };

function send(res: ServerResponse, reply: Body, contentType = JSON_TYPE): void {
  const bytes = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  const headers: OutgoingHttpHeaders = { 'content-type': contentType, 'content-length': bytes.length };
  if (reply.key !== null) headers[SIGNATURE_HEADER] = sign(reply.key, bytes);
  res.writeHead(reply.status, headers).end(bytes);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
    // A client that hangs up mid-body never reaches 'end' (a no-op once resolved).
    req.on('close', () => reject(new Error('connection closed before the body was read')));
  });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function infnoOf(parsed: unknown): string | undefined {
  const infno = typeof parsed === 'object' && parsed !== null ? (parsed as { infno?: unknown }).infno : undefined;
  return typeof infno === 'string' ? infno : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
