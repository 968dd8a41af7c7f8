/**
 * The browser-mode client transport: an `ApiTransport` over `fetch` (calls)
 * and a WebSocket (events) to the loopback web host. Universal code: it uses
 * only `fetch`, `WebSocket` and `URL`, which browsers and Node ≥ 22 have; both
 * can be injected (tests on Node 20 pass the `ws` package's WebSocket).
 */
import { apiEventEnvelopeSchema, apiResultSchema, type ApiEventEnvelope, type ApiResult, type ApiTransport } from '../envelope.js';
import { UnknownCallError } from '../../errors/api-errors.js';
import { serializeError } from '../../errors/serialize.js';
import type { WalletError } from '../../errors/wallet-error.js';
import { BadAnswerError, TransportBadRequestError, WalletUnreachableError } from './errors.js';
import {
  CALL_NAME_MAX,
  CALL_NAME_PATTERN,
  CALL_PATH_PREFIX,
  EVENTS_PATH,
  EVENTS_SUBPROTOCOL,
  TOKEN_PATTERN,
  TOKEN_SUBPROTOCOL_PREFIX,
} from './http-protocol.js';

/** The part of the WebSocket interface the transport uses (browser WebSocket and `ws` both fit). */
export interface MinimalWebSocket {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = (url: string, protocols: string[]) => MinimalWebSocket;

export interface HttpTransportOptions {
  /** The host's origin, e.g. `http://127.0.0.1:41234` (in the renderer: `location.origin`). */
  origin: string;
  /** The 256-bit token from the URL fragment. */
  token: string;
  fetch?: typeof fetch;
  webSocket?: WebSocketFactory;
  /** Delay before reconnecting the event socket after it dropped (default 1 s, doubling up to 30 s). */
  reconnectDelayMs?: number;
}

export interface HttpTransport extends ApiTransport {
  /** Closes the event socket and stops reconnecting. */
  close(): void;
}

function transportError(error: WalletError): ApiResult {
  return { ok: false, error: serializeError(error) };
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  if (!TOKEN_PATTERN.test(options.token)) throw new TypeError('browser-mode token must be 43 base64url characters');
  const origin = new URL(options.origin).origin;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const openSocket: WebSocketFactory =
    options.webSocket ??
    ((url, protocols) => {
      const Ctor = (globalThis as { WebSocket?: new (url: string, protocols: string[]) => MinimalWebSocket }).WebSocket;
      if (!Ctor) throw new TypeError('no WebSocket in this environment: pass options.webSocket');
      return new Ctor(url, protocols);
    });
  const baseDelay = options.reconnectDelayMs ?? 1000;

  const listeners = new Set<(event: ApiEventEnvelope) => void>();
  let socket: MinimalWebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let delay = baseDelay;
  let closed = false;

  function connect(): void {
    if (closed || socket || listeners.size === 0) return;
    const url = `${origin.replace(/^http/, 'ws')}${EVENTS_PATH}`;
    const ws = openSocket(url, [EVENTS_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${options.token}`]);
    socket = ws;
    ws.onopen = () => {
      delay = baseDelay;
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(ev.data);
      } catch {
        return;
      }
      const envelope = apiEventEnvelopeSchema.safeParse(parsed);
      if (!envelope.success) return;
      for (const listener of [...listeners]) listener(envelope.data);
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (closed || listeners.size === 0) return;
      retry = setTimeout(() => {
        retry = null;
        connect();
      }, delay);
      delay = Math.min(delay * 2, 30_000);
    };
  }

  function disconnect(): void {
    if (retry) clearTimeout(retry);
    retry = null;
    const ws = socket;
    socket = null;
    ws?.close(1000, 'unsubscribed');
  }

  return {
    async invoke(call, input) {
      if (typeof call !== 'string' || call.length > CALL_NAME_MAX || !CALL_NAME_PATTERN.test(call)) {
        return transportError(new UnknownCallError(String(call)));
      }
      let body: string;
      try {
        body = JSON.stringify(input === undefined ? null : input);
      } catch {
        return transportError(new TransportBadRequestError('the input cannot be sent as JSON'));
      }
      let response: Response;
      try {
        response = await doFetch(`${origin}${CALL_PATH_PREFIX}${call}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          body,
          credentials: 'omit',
          redirect: 'error',
        });
      } catch {
        return transportError(new WalletUnreachableError());
      }
      let parsed: unknown;
      try {
        parsed = await response.json();
      } catch {
        parsed = undefined;
      }
      const result = apiResultSchema.safeParse(parsed);
      if (result.success) return result.data as ApiResult;
      return transportError(new BadAnswerError(response.status));
    },
    subscribe(listener) {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) disconnect();
      };
    },
    close() {
      closed = true;
      listeners.clear();
      disconnect();
    },
  };
}
