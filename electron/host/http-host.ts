import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_API_PREFIX, SESSION_HEADER } from '../../shared/api/transport';
import type { Envelope } from '../../shared/api/errors';
import { ANSWERED, answerFailure, decodedPath, failure, readJsonPost, send, sendEnvelope } from './json-api';
import { serveStatic } from './static-files';

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

async function handleApi(call: PageCall, method: string, request: IncomingMessage, response: ServerResponse) {
  const input = await readJsonPost(request, response);
  if (input === ANSWERED) return;
  const token = request.headers[SESSION_HEADER];
  sendEnvelope(response, await call(typeof token === 'string' ? token : undefined, method, input));
}
