import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { connect, type PeerCertificate } from 'node:tls';

/** A server as a paired terminal knows it: where, and the one certificate it trusts there. */
export interface PinnedServer {
  /** https://host:port */
  url: string;
  fingerprint: string;
  certPem: string;
}

/** Why a request to the server got no answer: each kind says what the person can do about it. */
export type LinkFailureKind = 'fingerprint' | 'clock' | 'unreachable' | 'answer';

export class LinkFailure extends Error {
  constructor(
    readonly kind: LinkFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'LinkFailure';
  }
}

const IDLE_MS = 4_000;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * HTTPS to the hospital server that trusts exactly one certificate: OpenSSL verifies the chain against the
 * pinned certificate alone (`ca`), and `checkServerIdentity` compares the presented certificate's SHA-256
 * with the pin instead of a host name (the server is reached by a LAN address its certificate does not
 * name). Any other certificate fails the handshake, before a byte of the request is sent.
 */
export class PinnedHttps {
  private readonly agent: https.Agent;

  constructor(
    readonly server: PinnedServer,
    private readonly timeoutMs = 15_000,
  ) {
    // Idle sockets are closed after 4 s, before the server's 5 s keep-alive runs out (see district-link.ts).
    this.agent = new https.Agent({
      keepAlive: true,
      timeout: IDLE_MS,
      ca: server.certPem,
      checkServerIdentity: (_host, certificate: PeerCertificate) =>
        certificate.fingerprint256 === server.fingerprint ? undefined : Object.assign(new Error('fingerprint'), { code: 'ERR_LAN_FINGERPRINT' }),
    });
  }

  /**
   * POSTs JSON and returns the status and parsed answer, or throws LinkFailure. `retryOnStale`: a request
   * that failed only because a kept-alive socket had just been closed is sent once more on a fresh one;
   * only for calls that change nothing, since the server may have seen it.
   */
  async post(path: string, body: unknown, headers: Record<string, string>, retryOnStale = false): Promise<{ status: number; body: unknown }> {
    try {
      return await this.once(path, body, headers);
    } catch (error) {
      if (retryOnStale && (error as { stale?: boolean }).stale) return this.once(path, body, headers);
      throw error;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private once(path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise((resolve, reject) => {
      const request = https.request(
        new URL(path, this.server.url),
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length, ...headers },
          timeout: this.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) request.destroy(new Error('应答过大'));
            else chunks.push(chunk);
          });
          response.on('error', (error) => reject(this.failure(error)));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            try {
              resolve({ status, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
            } catch {
              reject(new LinkFailure('answer', `医院服务器的应答无法识别（HTTP ${status}）`));
            }
          });
        },
      );
      request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      request.on('error', (error: Error & { code?: string }) => {
        const failure = this.failure(error);
        reject(request.reusedSocket && error.code === 'ECONNRESET' ? Object.assign(failure, { stale: true }) : failure);
      });
      request.end(payload);
    });
  }

  private failure(error: Error & { code?: string }): LinkFailure {
    return describeFailure(error, this.server.url, this.server.fingerprint);
  }
}

const UNTRUSTED = new Set([
  'ERR_LAN_FINGERPRINT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A failed request as the person at the window reads it; `pinned` is the fingerprint the link trusts. */
function describeFailure(error: Error & { code?: string }, url: string, pinned?: string): LinkFailure {
  const code = error.code ?? '';
  if (pinned && UNTRUSTED.has(code)) return new LinkFailure('fingerprint', fingerprintMismatch(url, pinned));
  if (code === 'CERT_NOT_YET_VALID' || code === 'CERT_HAS_EXPIRED') {
    return new LinkFailure('clock', `医院服务器证书不在有效期内（${code}）：请检查本机与服务器的日期和时间`);
  }
  if (error instanceof LinkFailure) return error;
  return new LinkFailure('unreachable', unreachable(url, reasonOf(code, error)));
}

export function fingerprintMismatch(url: string, expected: string, presented?: string): string {
  return (
    `医院服务器证书指纹不符：应为 ${expected}` +
    (presented ? `，${url} 出示的是 ${presented}` : `，${url} 出示的证书与之不同`) +
    '。可能连到了别的电脑或有人冒充医院服务器，未发送任何数据；请核对服务器地址与指纹，或由信息员重新配对'
  );
}

export function unreachable(url: string, reason: string): string {
  return `无法连接医院服务器（${url}：${reason}），请检查网络；恢复后会自动重连`;
}

function reasonOf(code: string, error: Error): string {
  switch (code) {
    case 'ECONNREFUSED':
      return '连接被拒绝，服务器程序可能未运行';
    case 'ECONNRESET':
    case 'EPIPE':
      return '连接中断';
    case 'ETIMEDOUT':
      return '等待应答超时';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return '网络不通';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return '找不到该地址';
    default:
      return error.message || code || '未知错误';
  }
}

/**
 * The certificate a server presents, read from a TLS handshake that sends nothing after it: how a terminal
 * checks the fingerprint the administrator read out before it sends its pairing code.
 */
export function fetchCertificate(url: string, timeoutMs = 10_000): Promise<{ certPem: string; fingerprint: string }> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    // Not trusted yet: the fingerprint comparison after the handshake is the check.
    const socket = connect({ host, port: Number(port), rejectUnauthorized: false, timeout: timeoutMs });
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate(false)?.raw;
      socket.destroy();
      if (!raw) return reject(new LinkFailure('answer', `${url} 没有出示证书，不是医院服务器`));
      const certificate = new X509Certificate(raw);
      resolve({ certPem: certificate.toString(), fingerprint: certificate.fingerprint256 });
    });
    socket.once('timeout', () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    socket.once('error', (error: Error & { code?: string }) => reject(describeFailure(error, url)));
  });
}
