import type { Transport } from '../../shared/api/client';
import { api, isMethodName } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/errors';
import { SESSION_HEADER } from '../../shared/api/transport';
import { LinkFailure, PinnedHttps } from './pinned-https';
import { CREDENTIAL_HEADER, LAN_API_PREFIX } from './protocol';
import type { TerminalConfig } from './terminal-config';

/**
 * A paired terminal's calls to the hospital server: each carries the terminal's credential and the
 * operator's session over the pinned HTTPS link, and comes back as the contract's envelope. Nothing is
 * kept between calls, so when the server returns the next call simply works (the operator signs in again:
 * sessions live in the server's memory). For now every method is forwarded, device methods included; the
 * routing table that keeps card reads and printing at the terminal is still to come (issue 13).
 */
export class TerminalLink {
  private readonly https: PinnedHttps;

  constructor(
    private readonly config: TerminalConfig,
    options: { timeoutMs?: number } = {},
  ) {
    this.https = new PinnedHttps({ url: config.serverUrl, fingerprint: config.fingerprint, certPem: config.certPem }, options.timeoutMs);
  }

  /** One page call, in the shape the browser host takes (`startHttpHost({ call })`). */
  readonly call = async (token: string | null | undefined, method: string, input: unknown): Promise<Envelope> => {
    const headers: Record<string, string> = { [CREDENTIAL_HEADER]: this.config.credential };
    if (token) headers[SESSION_HEADER] = token;
    const readOnly = isMethodName(method) && !api[method].mutates;
    try {
      const answer = await this.https.post(LAN_API_PREFIX + encodeURIComponent(method), input ?? {}, headers, readOnly);
      if (isEnvelope(answer.body)) return answer.body;
      return unavailable(`医院服务器的应答无法识别（HTTP ${answer.status}）`);
    } catch (error) {
      if (error instanceof LinkFailure) return unavailable(error.message, error.kind);
      throw error;
    }
  };

  /** The same, as the typed client's Transport (`createClient(link.transport, session)`). */
  readonly transport: Transport = (method, input, token) => this.call(token, method, input);

  close(): void {
    this.https.close();
  }
}

function unavailable(message: string, reason: LinkFailure['kind'] = 'answer'): Envelope {
  return { ok: false, error: { code: 'UNAVAILABLE', message, details: { reason } } };
}

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
