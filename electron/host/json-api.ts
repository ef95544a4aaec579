import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Envelope, ErrorCode } from '../../shared/api/errors';

/**
 * The request handling both hosts share (the loopback browser host and the hospital server's LAN
 * server): JSON POSTs only, a bounded body, a path that must decode, and a last resort so one bad request
 * never stops the process.
 */

export const MAX_BODY_BYTES = 1024 * 1024;

/** Marks a request already answered (refused) by `readJsonPost`: the caller just returns. */
export const ANSWERED: unique symbol = Symbol('answered');

/** The request's path, percent-decoded once; null for one that does not decode (`/%E0%A4%A`, `/api/%ff`). */
export function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    return null;
  }
}

/**
 * The JSON body of an API POST (`{}` when empty), or ANSWERED after refusing it: not POST (405), not JSON
 * (415), over the limit (413, written before the connection closes so the client reads why), unparsable (400).
 */
export async function readJsonPost(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  if (request.method !== 'POST') {
    request.resume();
    send(response, 405, failure('BAD_INPUT', '接口只接受 POST 请求'));
    return ANSWERED;
  }
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    request.resume();
    send(response, 415, failure('BAD_INPUT', '请求内容必须是 JSON'));
    return ANSWERED;
  }
  try {
    const body = await readBody(request);
    return body.length === 0 ? {} : JSON.parse(body);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      response.setHeader('connection', 'close');
      response.on('finish', () => request.destroy());
      send(response, 413, failure('BAD_INPUT', `请求内容过大（上限 ${MAX_BODY_BYTES / 1024 / 1024} MB）`));
      return ANSWERED;
    }
    send(response, 400, failure('BAD_INPUT', '请求内容不是有效的 JSON'));
    return ANSWERED;
  }
}

/** Last resort for a request whose handler threw: an answer if none was sent yet, and the socket closed. */
export function answerFailure(response: ServerResponse, error: unknown): void {
  console.error('收费台服务处理请求时出错：', error);
  if (!response.headersSent) send(response, 500, { ok: false, error: { code: 'INTERNAL', message: '服务内部错误，请重试；如反复出现请联系信息员' } });
  else response.destroy();
}

export function statusFor(code: string): number {
  switch (code) {
    case 'BAD_INPUT':
      return 400;
    case 'FORBIDDEN':
      return 403;
    case 'UNKNOWN_METHOD':
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'UNAVAILABLE':
      return 503;
    default:
      return 500;
  }
}

export function failure(code: ErrorCode, message: string): Envelope {
  return { ok: false, error: { code, message } };
}

/** An envelope as the answer, with the status its error code maps to (200 when it succeeded). */
export function sendEnvelope(response: ServerResponse, envelope: Envelope): void {
  send(response, envelope.ok ? 200 : statusFor(envelope.error.code), envelope);
}

export function send(response: ServerResponse, status: number, envelope: Envelope): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(envelope));
}

class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop keeping the body but keep reading it, so the 413 can be written before the socket closes.
        chunks.length = 0;
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
