import http from 'node:http';
import https from 'node:https';
import { FIXMEDINS_HEADER, SIGNATURE_HEADER, TXN_PATH, type RequestEnvelope, type ResponseEnvelope } from '../../shared/district/protocol';
import { sign, verify } from './signature';

/** What came of one request. `unknown`: the centre may or may not have acted on it (see PROTOCOL.md). */
export type Exchange =
  | { outcome: 'answered'; response: ResponseEnvelope }
  | { outcome: 'unknown'; error: string };

export interface LinkOptions {
  baseUrl: string;
  fixmedinsCode: string;
  key: string;
  caPem?: string;
  /** How long to wait for an answer before the outcome counts as unknown. */
  timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const IDLE_MS = 4_000;

/**
 * One HTTP(S) connection pool to the centre, signing requests and checking the signature of answers. It
 * never retries: whether to query or resend is the uploader's decision, made from the rows on disk.
 */
export class DistrictLink {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(private readonly options: LinkOptions) {
    // A base URL may carry a path prefix (a gateway); the transaction path goes after it.
    this.url = new URL(options.baseUrl.replace(/\/+$/, '') + TXN_PATH);
    // Idle connections are closed after 4 s, before a server's usual 5 s keep-alive runs out: reusing one the
    // server has just closed would turn a request it never saw into an unknown outcome.
    const pool = { keepAlive: true, maxSockets: 1, timeout: IDLE_MS };
    this.agent =
      this.url.protocol === 'https:' ? new https.Agent({ ...pool, ...(options.caPem ? { ca: options.caPem } : {}) }) : new http.Agent(pool);
  }

  send(envelope: RequestEnvelope): Promise<Exchange> {
    const body = Buffer.from(JSON.stringify(envelope), 'utf8');
    const client = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      let settled = false;
      const done = (exchange: Exchange) => {
        if (settled) return;
        settled = true;
        resolve(exchange);
      };
      const request = client.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': body.length,
            [FIXMEDINS_HEADER]: this.options.fixmedinsCode,
            [SIGNATURE_HEADER]: sign(this.options.key, body),
          },
          timeout: this.options.timeoutMs ?? 30_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) request.destroy(new Error('中心应答过大'));
            else chunks.push(chunk);
          });
          response.on('error', (error) => done({ outcome: 'unknown', error: describe(error) }));
          response.on('end', () => done(this.readAnswer(response.statusCode ?? 0, response.headers, Buffer.concat(chunks))));
        },
      );
      request.on('timeout', () => request.destroy(new Error('等待中心应答超时')));
      request.on('error', (error) => done({ outcome: 'unknown', error: describe(error) }));
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private readAnswer(status: number, headers: http.IncomingHttpHeaders, body: Buffer): Exchange {
    const signature = headers[SIGNATURE_HEADER];
    if (!verify(this.options.key, body, typeof signature === 'string' ? signature : undefined)) {
      // With a wrong key even the centre's signed refusal cannot be verified: say what is most likely wrong.
      if (status === 401) return { outcome: 'unknown', error: '中心拒绝了本院的报文签名（HTTP 401），请信息员核对签名密钥' };
      return { outcome: 'unknown', error: status === 200 ? '中心应答签名不符' : `中心返回 HTTP ${status}` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { outcome: 'unknown', error: `中心应答不是有效的 JSON（HTTP ${status}）` };
    }
    if (!isResponse(parsed)) return { outcome: 'unknown', error: `中心应答缺少 infcode（HTTP ${status}）` };
    const infcode = Number(parsed.infcode);
    // A signed -1 is the centre's word that it did nothing (see PROTOCOL.md); any other non-200 is unknown.
    if (status !== 200 && infcode !== -1) return { outcome: 'unknown', error: `中心返回 HTTP ${status}` };
    return { outcome: 'answered', response: { ...parsed, infcode: infcode === 0 ? 0 : -1 } };
  }
}

function isResponse(value: unknown): value is ResponseEnvelope {
  return typeof value === 'object' && value !== null && 'infcode' in value;
}

function describe(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return '无法连接医保中心（连接被拒绝）';
    case 'ECONNRESET':
    case 'EPIPE':
      return '与医保中心的连接中断';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return '找不到医保中心地址（网络或域名问题）';
    case 'ETIMEDOUT':
      return '连接医保中心超时';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `医保中心证书校验失败（${error.code}），请检查 CA 证书设置`;
    default:
      return error.message || String(error);
  }
}
