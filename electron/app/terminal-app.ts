import { join } from 'node:path';
import { createClient } from '../../shared/api/client';
import { api, isMethodName, METHOD_NAMES, type MethodName } from '../../shared/api/contract';
import { ApiError, type Envelope } from '../../shared/api/errors';
import type { InsuredPerson } from '../../shared/domain';
import type { PrintJob } from '../../shared/printing';
import { createDispatcher } from '../api/dispatcher';
import type { CallContext, Handlers } from '../api/handlers';
import { openDatabase, type Db } from '../db/open';
import { createRepositories } from '../db/repositories';
import { DeviceService } from '../devices/device-service';
import { deviceHandlers } from '../devices/handlers';
import { placeOf, TERMINAL_METHODS } from '../lan/routing';
import type { TerminalConfig } from '../lan/terminal-config';
import { TerminalLink, type TerminalLinkOptions } from '../lan/terminal-link';
import { TerminalSessions } from '../lan/terminal-sessions';
import type { PrintApi } from '../printing/print-job-source';
import { createTerminalPrinting, type PrintLoop } from './print-wiring';

/** A terminal's own database, next to terminal.json: its device settings (and their audit), no ledger. */
export const TERMINAL_DB_FILE = 'terminal.sqlite3';

export interface TerminalAppOptions {
  dataDir: string;
  config: TerminalConfig;
  now?: () => Date;
  logError?: (method: string, error: unknown) => void;
  link?: TerminalLinkOptions;
  /** How long the server's word on a session is trusted here (10 s). */
  sessionTtlMs?: number;
}

export interface TerminalApp {
  config: TerminalConfig;
  db: Db;
  file: string;
  /** The printer and card reader plugged into this PC. */
  devices: DeviceService;
  link: TerminalLink;
  /** This window's print worker: its counter's jobs from the server, printed here. */
  printing: PrintLoop;
  /** A page call at this window: run here or sent to the server, as the contract's routing says. */
  call(token: string | null | undefined, method: string, input: unknown): Promise<Envelope>;
  /** Opens the devices, asks the server once, then keeps probing it and printing every `drainEveryMs`. */
  start(options: { drainEveryMs: number }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A paired window's PC (issue 13): holds no ledger. The methods the contract marks `runsOn: 'terminal'`
 * (electron/lan/routing.ts) run here, on a device-only app over a small SQLite of device settings, with the
 * same session rules as everywhere (the operator's session is the server's, asked through the link);
 * every other call goes to the hospital server over the pinned link. The print worker takes this counter's
 * receipts from the server with the terminal's credential alone and prints them on this PC's printer.
 */
export function openTerminalApp(options: TerminalAppOptions): TerminalApp {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const file = join(options.dataDir, TERMINAL_DB_FILE);
  const { db } = openDatabase(file);
  const repos = createRepositories(db);
  const link = new TerminalLink(config, { ...options.link, now });
  const sessions = new TerminalSessions((token) => link.call(token, 'auth.me', {}), () => now().getTime(), options.sessionTtlMs);

  // The receipts waiting for this printer, as the print worker last saw them on the server (for the 设备 page).
  let waiting: PrintJob[] = [];
  const server = createClient(link.serviceTransport);
  const printApi: PrintApi = {
    'print.jobsForPrinter': async (input) => {
      const jobs = await server['print.jobsForPrinter'](input);
      waiting = jobs.map((j) => j.job);
      return jobs;
    },
    'print.report': async (input) => {
      const answer = await server['print.report'](input);
      waiting = input.outcome === 'printed' ? waiting.filter((j) => j.id !== input.jobId) : waiting.map((j) => (j.id === input.jobId ? answer.job : j));
      return answer;
    },
  };
  const devices = new DeviceService(db, repos, () => waiting, now);
  const printing = createTerminalPrinting(printApi, devices);

  /** A call on the server as the operator of `context` (their session at this window). */
  const onServer = async <M extends MethodName>(context: CallContext, method: M, input: unknown) => {
    const answer = await link.call(context.token, method, input);
    if (!answer.ok) throw new ApiError(answer.error.code, answer.error.message, answer.error.details);
    return answer.result;
  };

  const local: Partial<Handlers> = {
    ...deviceHandlers(devices),
    // The card is read here; the roster is the server's, so the identity goes there to be looked up.
    'devices.readCard': async (_input, context) => {
      const card = await devices.readCard();
      const [person] = (await onServer(context, 'people.find', { query: card.identity.idNumber, limit: 1 })) as InsuredPerson[];
      return { identity: card.identity, personId: person && person.idNumber === card.identity.idNumber ? person.id : null };
    },
    'print.drain': () => printing.worker.drain(),
    'lan.link': () => link.status(),
  };
  const missing = TERMINAL_METHODS.filter((m) => !local[m]);
  const extra = Object.keys(local).filter((m) => !TERMINAL_METHODS.includes(m as MethodName));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`终端本机处理的操作与接口约定不符：缺少 ${missing.join('、') || '无'}，多出 ${extra.join('、') || '无'}`);
  }
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((m) => [
      m,
      local[m] ??
        (() => {
          // Unreachable: routing sends these to the server. Refused rather than run on an empty database.
          throw new ApiError('INTERNAL', `「${api[m].summary}」在医院服务器上办理，终端本机不能执行`);
        }),
    ]),
  ) as unknown as Handlers;
  const dispatch = createDispatcher(handlers, options.logError ? { logError: options.logError } : {});
  const here = { counterId: config.counterId, terminalId: config.terminalId };

  const runHere = async (token: string | null | undefined, method: MethodName, input: unknown): Promise<Envelope> => {
    if ((api[method] as { public?: boolean }).public) return dispatch(method, input, { transport: 'http', operator: 'anonymous', role: null, ...here });
    const who = await sessions.who(token);
    if ('failure' in who) return who.failure;
    return dispatch(method, input, {
      transport: 'http',
      operator: who.user?.username ?? 'anonymous',
      role: who.user?.role ?? null,
      token: token ?? undefined,
      ...here,
    });
  };

  return {
    config,
    db,
    file,
    devices,
    link,
    printing,
    call: (token, method, input) => {
      if (!isMethodName(method)) return dispatch(method, input, { transport: 'http', operator: 'anonymous', role: null });
      if (placeOf(method) === 'terminal') return runHere(token, method, input);
      if (method === 'auth.logout') sessions.forget(token);
      return link.call(token, method, input);
    },
    start: async ({ drainEveryMs }) => {
      await devices.start();
      await link.probe();
      link.startProbing();
      printing.start(drainEveryMs);
    },
    close: async () => {
      printing.stop();
      link.close();
      await devices.stop();
      db.close();
    },
  };
}
