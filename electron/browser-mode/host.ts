/**
 * Browser mode: the wallet's API (any `ApiTransport`, normally the core's
 * router) over HTTP + WebSocket on 127.0.0.1 and a random port, plus the
 * built renderer. Security rests on four things, all checked here:
 * - it binds 127.0.0.1 and nothing else (any other address is refused);
 * - every request's Host is `127.0.0.1:<port>` (DNS rebinding) and its
 *   Origin, when present, is ours;
 * - every API request and event connection carries the 256-bit token that
 *   only the URL fragment printed at start knows;
 * - every input is parsed with the contract's schema before the router sees it.
 * Static files (the public renderer build) need no token: a browser cannot
 * attach one to a page or script load; they hold no data.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CallMap } from '../../shared/api/client.js';
import type { ApiResult, ApiTransport } from '../../shared/api/envelope.js';
import {
  CALL_NAME_MAX,
  CALL_NAME_PATTERN,
  CALL_PATH_PREFIX,
  EVENTS_PATH,
  EVENTS_SUBPROTOCOL,
  TOKEN_FRAGMENT_KEY,
  TOKEN_PATTERN,
  TOKEN_SUBPROTOCOL_PREFIX,
} from '../../shared/api/transports/http-protocol.js';
import {
  RequestTooLargeError,
  TransportBadRequestError,
  TransportForbiddenError,
  TransportUnauthorizedError,
} from '../../shared/api/transports/errors.js';
import { UnexpectedError, UnknownCallError } from '../../shared/errors/api-errors.js';
import { serializeError } from '../../shared/errors/serialize.js';
import type { WalletError } from '../../shared/errors/wallet-error.js';
import { checkCallInput } from '../../shared/api/transports/validate-input.js';
import { BrowserHostAddressError } from './errors.js';
import { checkBearer, checkHostAndOrigin, hostIdentity, tokensEqual, type HostIdentity } from './request-guard.js';
import { securityHeaders, staticSite, type StaticSite } from './static-files.js';

export const LOOPBACK = '127.0.0.1';

export interface BrowserHostOptions {
  /** The wallet API; normally the core's router. */
  transport: ApiTransport;
  /** The contract's calls: only these names are served, each input parsed with its schema. */
  calls: CallMap;
  /** Folder of the built renderer (renderer/dist); omit to serve the API only. */
  staticDir?: string;
  /** Must be 127.0.0.1 (the default): any other address is refused. */
  host?: string;
  /** Default 0: a random free port. */
  port?: number;
  /** Largest accepted call body (default 8 MiB). */
  maxBodyBytes?: number;
}

export interface BrowserHost {
  /** Open this in a browser: `http://127.0.0.1:<port>/#token=…`. It is a secret. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function hostError(error: WalletError): ApiResult {
  return { ok: false, error: serializeError(error) };
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const address = options.host ?? LOOPBACK;
  if (address !== LOOPBACK) throw new BrowserHostAddressError(address);
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const token = randomBytes(32).toString('base64url');
  const site: StaticSite | null = options.staticDir ? await staticSite(options.staticDir) : null;
  let id: HostIdentity = hostIdentity(0);
  let headers: Record<string, string> = {};

  function sendJson(res: ServerResponse, status: number, body: ApiResult): void {
    let text: string;
    try {
      text = JSON.stringify(body);
    } catch {
      status = 500;
      text = JSON.stringify(hostError(new UnexpectedError({ details: 'the answer could not be encoded as JSON' })));
    }
    res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const auth = checkBearer(req.headers.authorization, token);
    if (!auth.ok) {
      sendJson(res, 401, hostError(new TransportUnauthorizedError()));
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendJson(res, 405, hostError(new TransportBadRequestError('wallet calls are made with POST')));
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json(;|$)/i.test(type)) {
      sendJson(res, 415, hostError(new TransportBadRequestError('wallet calls must be sent as JSON')));
      return;
    }
    let text: string;
    try {
      text = await readBody(req, maxBody);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        sendJson(res, 413, hostError(new RequestTooLargeError(maxBody)));
        req.resume();
        return;
      }
      res.destroy();
      return;
    }
    let input: unknown;
    try {
      input = text === '' ? undefined : JSON.parse(text);
    } catch {
      sendJson(res, 400, hostError(new TransportBadRequestError('the body is not valid JSON')));
      return;
    }
    if (input === null) input = undefined;
    if (name.length > CALL_NAME_MAX || !CALL_NAME_PATTERN.test(name)) {
      sendJson(res, 404, hostError(new UnknownCallError(name)));
      return;
    }
    const checked = checkCallInput(options.calls, name, input);
    if (!checked.ok) {
      sendJson(res, 200, checked.result);
      return;
    }
    let result: ApiResult;
    try {
      result = await options.transport.invoke(name, checked.input);
    } catch {
      // The router answers wallet errors itself; anything thrown here is a bug, and says nothing of its content.
      result = hostError(new UnexpectedError());
    }
    sendJson(res, 200, result);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const guard = checkHostAndOrigin(req.headers, id);
    if (!guard.ok) {
      sendJson(res, guard.status, hostError(new TransportForbiddenError()));
      return;
    }
    let path: string;
    try {
      path = new URL(req.url ?? '/', id.origin).pathname;
    } catch {
      sendJson(res, 400, hostError(new TransportBadRequestError('malformed request address')));
      return;
    }
    if (path.startsWith(CALL_PATH_PREFIX)) {
      await handleCall(req, res, path.slice(CALL_PATH_PREFIX.length));
      return;
    }
    if (path === '/api' || path.startsWith('/api/')) {
      sendJson(res, 404, hostError(new UnknownCallError(path)));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    if (!site) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('No user interface is served here.\n');
      return;
    }
    await site.serve(path, req.method, res, headers);
  }

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024,
    handleProtocols: (protocols) => (protocols.has(EVENTS_SUBPROTOCOL) ? EVENTS_SUBPROTOCOL : false),
  });

  function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404): void {
    const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const guard = checkHostAndOrigin(req.headers, id);
    if (!guard.ok) return refuseUpgrade(socket, 403);
    let path: string;
    try {
      path = new URL(req.url ?? '/', id.origin).pathname;
    } catch {
      return refuseUpgrade(socket, 404);
    }
    if (path !== EVENTS_PATH) return refuseUpgrade(socket, 404);
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
    if (!presented || !TOKEN_PATTERN.test(presented) || !tokensEqual(presented, token) || !offered.includes(EVENTS_SUBPROTOCOL)) {
      return refuseUpgrade(socket, 401);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('message', () => ws.close(1008, 'the event channel is one-way'));
      ws.on('error', () => ws.terminate());
      ws.on('close', () => sockets.delete(ws));
    });
  }

  const unsubscribe = options.transport.subscribe((event) => {
    let text: string;
    try {
      text = JSON.stringify(event);
    } catch {
      return;
    }
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, hostError(new UnexpectedError()));
      else res.destroy();
    });
  });
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_e, socket) => socket.destroy());

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: LOOPBACK, port: options.port ?? 0, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    unsubscribe();
    throw e;
  }
  const bound = server.address();
  if (!bound || typeof bound === 'string' || bound.address !== LOOPBACK) {
    server.close();
    unsubscribe();
    throw new BrowserHostAddressError(typeof bound === 'object' && bound ? bound.address : String(bound));
  }
  id = hostIdentity(bound.port);
  headers = securityHeaders(id.origin);

  let closing: Promise<void> | null = null;
  return {
    url: `${id.origin}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    origin: id.origin,
    port: bound.port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe();
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
