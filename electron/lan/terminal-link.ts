import type { Transport } from '../../shared/api/client';
import { api, isMethodName, type MethodName } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/errors';
import { SESSION_HEADER } from '../../shared/api/transport';
import type { LanLink } from '../../shared/lan';
import { LinkWatch } from './link-watch';
import { LinkFailure, PinnedHttps } from './pinned-https';
import { CREDENTIAL_HEADER, LAN_API_PREFIX, SERVICE_HEADER } from './protocol';
import { isLedgerWrite, mayResend } from './routing';
import type { TerminalConfig } from './terminal-config';

export interface TerminalLinkOptions {
  /** A page call's wait for the server (15 s). */
  timeoutMs?: number;
  /** A probe's wait (3 s): a server that does not answer that fast is down for the title bar. */
  probeTimeoutMs?: number;
  /** How often the server is probed while it answers (10 s) and while it does not (2 s). */
  probeEveryMs?: number;
  offlineProbeEveryMs?: number;
  /** Waits before each resend of an idempotent call whose answer was lost: 3 resends, then UNAVAILABLE. */
  resendDelaysMs?: readonly number[];
  now?: () => Date;
}

const RESEND_DELAYS_MS = [500, 1_500, 3_000] as const;

/**
 * A paired terminal's calls to the hospital server: each carries the terminal's credential and the
 * operator's session over the pinned HTTPS link, and comes back as the contract's envelope. Which calls
 * come here is decided by the routing table (routing.ts); device calls stay at the terminal.
 *
 * The link knows whether the server answers (every request, and a bounded probe: one at a time, every 10 s
 * while it answers and every 2 s while it does not, so it reconnects by itself). While it does not, a call
 * that would change the ledger is refused at once, nothing sent. An idempotent call (its input carries the
 * clientRequestId the server deduplicates by) whose answer was lost is sent again with the same input, at
 * most 3 times with growing waits; any other call that changes data is never sent twice. Sessions live in
 * the server's memory: after a server restart the operator signs in again.
 */
export class TerminalLink {
  private readonly https: PinnedHttps;
  private readonly probeHttps: PinnedHttps;
  private readonly watch: LinkWatch;
  private readonly resendDelays: readonly number[];
  private probing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly config: TerminalConfig,
    private readonly options: TerminalLinkOptions = {},
  ) {
    const server = { url: config.serverUrl, fingerprint: config.fingerprint, certPem: config.certPem };
    this.https = new PinnedHttps(server, options.timeoutMs);
    this.probeHttps = new PinnedHttps(server, options.probeTimeoutMs ?? 3_000);
    this.watch = new LinkWatch(options.now ?? (() => new Date()));
    this.resendDelays = options.resendDelaysMs ?? RESEND_DELAYS_MS;
  }

  /** One page call, in the shape the browser host takes (`startHttpHost({ call })`). */
  readonly call = async (token: string | null | undefined, method: string, input: unknown): Promise<Envelope> => {
    const headers: Record<string, string> = { [CREDENTIAL_HEADER]: this.config.credential };
    if (token) headers[SESSION_HEADER] = token;
    return this.send(method, input, headers);
  };

  /** The same, as the typed client's Transport (`createClient(link.transport, session)`). */
  readonly transport: Transport = (method, input, token) => this.call(token, method, input);

  /**
   * The terminal's own background service (its print worker): the credential alone, no operator. Only the
   * methods the contract marks `terminalService`; the server allows nothing else this way.
   */
  readonly serviceTransport: Transport = (method, input) => {
    if (!(api[method] as { terminalService?: boolean }).terminalService) {
      return Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: `终端后台服务不能执行「${api[method].summary}」` } });
    }
    return this.send(method, input, { [CREDENTIAL_HEADER]: this.config.credential, [SERVICE_HEADER]: '1' });
  };

  /** What the title bar shows at this window (`lan.link`, answered here). */
  status(): LanLink {
    const { name, serverUrl, counterId } = this.config;
    return { mode: 'terminal', ...this.watch.state(), serverUrl, counterId, name };
  }

  /** Asks the server once (its `lan.link`, with this terminal's credential); concurrent probes share one. */
  probe(): Promise<void> {
    this.probing ??= this.probeOnce().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  /** Probes from now on, every 10 s while the server answers and every 2 s while it does not. */
  startProbing(): void {
    const next = () => {
      if (this.closed) return;
      const wait = this.watch.reachable ? (this.options.probeEveryMs ?? 10_000) : (this.options.offlineProbeEveryMs ?? 2_000);
      this.timer = setTimeout(() => void this.probe().finally(next), wait);
      this.timer.unref();
    };
    next();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.https.close();
    this.probeHttps.close();
  }

  private async probeOnce(): Promise<void> {
    try {
      const answer = await this.probeHttps.post(`${LAN_API_PREFIX}lan.link`, {}, { [CREDENTIAL_HEADER]: this.config.credential }, true);
      this.watch.answered(isEnvelope(answer.body) && !answer.body.ok ? answer.body.error.message : null);
    } catch (error) {
      this.watch.failed(error instanceof Error ? error.message : String(error));
    }
  }

  private async send(method: string, input: unknown, headers: Record<string, string>): Promise<Envelope> {
    const known: MethodName | null = isMethodName(method) ? method : null;
    if (known && isLedgerWrite(known) && !this.watch.reachable) return offline(api[known].summary, this.watch.state().lastError);
    const readOnly = known !== null && !api[known].mutates;
    const resend = known !== null && mayResend(known, input);
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.https.post(LAN_API_PREFIX + encodeURIComponent(method), input ?? {}, headers, readOnly);
        this.watch.answered();
        if (isEnvelope(answer.body)) return answer.body;
        return unavailable(`医院服务器的应答无法识别（HTTP ${answer.status}）`);
      } catch (error) {
        if (!(error instanceof LinkFailure)) throw error;
        this.watch.failed(error.message);
        // No answer: the server may or may not have done it. The same request id makes a resend safe.
        const delay = this.resendDelays[attempt];
        if (resend && error.kind === 'unreachable' && delay !== undefined && !this.closed) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        return resend ? unavailable(`${error.message}；「${api[known!].summary}」是否已办理尚未确认，再次提交时服务器按同一请求号只办理一次`, error.kind) : unavailable(error.message, error.kind);
      }
    }
  }
}

/** A ledger call refused at the terminal while the server does not answer: nothing was sent. */
function offline(summary: string, lastError: string | null): Envelope {
  return {
    ok: false,
    error: {
      code: 'UNAVAILABLE',
      message: `无法连接医院服务器，「${summary}」未办理，没有任何改动；终端正在自动重连`,
      details: { reason: 'offline', lastError },
    },
  };
}

function unavailable(message: string, reason: LinkFailure['kind'] = 'answer'): Envelope {
  return { ok: false, error: { code: 'UNAVAILABLE', message, details: { reason } } };
}

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
