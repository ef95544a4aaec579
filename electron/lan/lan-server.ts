import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApiError, type Envelope } from '../../shared/api/errors';
import { SESSION_HEADER } from '../../shared/api/transport';
import type { CallOrigin } from '../api/handlers';
import { ANSWERED, answerFailure, decodedPath, failure, readJsonPost, send, sendEnvelope } from '../host/json-api';
import type { LanService } from './lan-service';
import { CREDENTIAL_HEADER, LAN_API_PREFIX, LAN_PAIR_PATH, SERVICE_HEADER } from './protocol';
import type { ServerIdentity } from './server-identity';

/** What the LAN server needs of the app (electron/app's CounterApp has it). */
export interface LanApp {
  lan: LanService;
  callFrom(transport: 'lan', token: string | undefined, method: unknown, input: unknown, origin: CallOrigin): Promise<Envelope>;
}

export interface LanServerOptions {
  app: LanApp;
  /** The address the administrator chose (a LAN interface of the server PC; tests: 127.0.0.1). */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  identity: ServerIdentity;
}

export interface RunningLanServer {
  server: Server;
  /** https://host:port, as terminals are given it. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The hospital server on the LAN: HTTPS with the server's own certificate (terminals pin its fingerprint),
 * pairing by one-time code, and the API contract for paired terminals. Every API call must carry a live
 * terminal credential before anything runs; the operator's session then decides as on any page, at that
 * terminal's counter. The browser host's hardening applies: JSON POSTs only, a bounded body, a bad URL
 * answered 400, and no request can stop the server.
 */
export async function startLanServer(options: LanServerOptions): Promise<RunningLanServer> {
  const { app, identity } = options;
  const server = createServer({ key: identity.keyPem, cert: identity.certPem, minVersion: 'TLSv1.2' }, (request, response) => {
    handleRequest(app, request, response).catch((error: unknown) => answerFailure(response, error));
  });
  // A failed handshake (a terminal that does not trust this certificate, a port scanner) costs its socket only.
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  app.lan.listening(url);
  return {
    server,
    url,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handleRequest(app: LanApp, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = decodedPath(request.url ?? '/');
  if (path === null) {
    request.resume();
    return send(response, 400, failure('BAD_INPUT', '请求地址无效'));
  }
  if (path === LAN_PAIR_PATH) return handlePair(app, request, response);
  if (path.startsWith(LAN_API_PREFIX)) return handleApi(app, path.slice(LAN_API_PREFIX.length), request, response);
  request.resume();
  send(response, 404, failure('NOT_FOUND', '医院服务器没有这个地址'));
}

async function handlePair(app: LanApp, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const input = await readJsonPost(request, response);
  if (input === ANSWERED) return;
  const code = (input as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || code.length > 32) return send(response, 400, failure('BAD_INPUT', '请输入配对码'));
  sendEnvelope(response, envelopeOf(() => app.lan.pair(code)));
}

async function handleApi(app: LanApp, method: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // The terminal first: an unpaired or revoked client's request is not even read.
  let origin: CallOrigin;
  try {
    origin = app.lan.authenticate(header(request, CREDENTIAL_HEADER));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    request.resume();
    return send(response, 401, { ok: false, error: error.toShape() });
  }
  const input = await readJsonPost(request, response);
  if (input === ANSWERED) return;
  // The terminal's own service (its print worker) calls with the credential alone: no session is read, and
  // the dispatcher allows it only the methods the contract marks `terminalService`.
  if (header(request, SERVICE_HEADER) === '1') {
    return sendEnvelope(response, await app.callFrom('lan', undefined, method, input, { ...origin, service: true }));
  }
  sendEnvelope(response, await app.callFrom('lan', header(request, SESSION_HEADER), method, input, origin));
}

function envelopeOf(run: () => unknown): Envelope {
  try {
    return { ok: true, result: run() };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toShape() };
    throw error;
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
