import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_API_PREFIX, SESSION_HEADER } from '../../shared/api/transport';
import type { Envelope } from '../../shared/api/errors';
import { serveStatic } from './static-files';

const MAX_BODY_BYTES = 1024 * 1024;

/** The same policy the Electron window enforces, sent as a header since the page comes over HTTP here. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Carries one page call into the app: the session token decides who is calling. */
export type PageCall = (token: string | undefined, method: string, input: unknown) => Promise<Envelope>;

export interface HttpHostOptions {
  call: PageCall;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port (tests). */
  port: number;
}

export interface RunningHost {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the renderer and the API contract on 127.0.0.1 only. The API answers POST with a JSON body and a
 * Host header naming this loopback address: a web page elsewhere can neither post a form here nor reach
 * us through DNS rebinding.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<RunningHost> {
  let allowedHosts = new Set<string>();
  const server = createServer((request, response) => {
    // One bad request never stops the host: whatever a handler throws becomes a 400 or 500 for that request.
    handleRequest(options, allowedHosts, request, response).catch((error: unknown) => answerFailure(response, error));
  });
  // A client that sends garbage below HTTP (or hangs up mid-request) gets its socket closed, nothing more.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handleRequest(options: HttpHostOptions, allowedHosts: Set<string>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  if (!allowedHosts.has(request.headers.host ?? '')) {
    response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('仅允许本机访问');
    return;
  }
  const path = decodedPath(request.url ?? '/');
  if (path === null) {
    request.resume();
    return send(response, 400, failure('BAD_INPUT', '请求地址无效'));
  }
  if (path.startsWith(HTTP_API_PREFIX)) {
    await handleApi(options.call, path.slice(HTTP_API_PREFIX.length), request, response);
  } else if (request.method === 'GET' || request.method === 'HEAD') {
    serveStatic(options.rendererDir, path, response);
  } else {
    request.resume();
    response.writeHead(405).end();
  }
}

/** The request's path, percent-decoded once; null for one that does not decode (`/%E0%A4%A`, `/api/%ff`). */
function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    return null;
  }
}

/** Last resort for a request whose handler threw: an answer if none was sent yet, and the socket closed. */
function answerFailure(response: ServerResponse, error: unknown): void {
  console.error('收费台服务处理请求时出错：', error);
  if (!response.headersSent) send(response, 500, { ok: false, error: { code: 'INTERNAL', message: '服务内部错误，请重试；如反复出现请联系信息员' } });
  else response.destroy();
}

async function handleApi(call: PageCall, method: string, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'POST') {
    request.resume();
    return send(response, 405, failure('BAD_INPUT', '接口只接受 POST 请求'));
  }
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    request.resume();
    return send(response, 415, failure('BAD_INPUT', '请求内容必须是 JSON'));
  }
  let input: unknown;
  try {
    const body = await readBody(request);
    input = body.length === 0 ? {} : JSON.parse(body);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      // The answer goes out before the connection closes, so the client reads why instead of a reset.
      response.setHeader('connection', 'close');
      response.on('finish', () => request.destroy());
      return send(response, 413, failure('BAD_INPUT', `请求内容过大（上限 ${MAX_BODY_BYTES / 1024 / 1024} MB）`));
    }
    return send(response, 400, failure('BAD_INPUT', '请求内容不是有效的 JSON'));
  }
  const token = request.headers[SESSION_HEADER];
  const envelope = await call(typeof token === 'string' ? token : undefined, method, input);
  send(response, envelope.ok ? 200 : statusFor(envelope.error.code), envelope);
}

function statusFor(code: string): number {
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

function failure(code: 'BAD_INPUT', message: string): Envelope {
  return { ok: false, error: { code, message } };
}

function send(response: ServerResponse, status: number, envelope: Envelope): void {
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
