/**
 * Browser mode: calls over HTTP, events over a WebSocket, both to the page's
 * own origin (127.0.0.1) with the one-time token. Placeholder until the shell's
 * shared client transport lands; same ApiTransport interface.
 */
import { apiEventEnvelopeSchema, apiResultSchema, type ApiEventEnvelope, type ApiResult, type ApiTransport } from '../../../shared/api/envelope.js';

export interface BrowserTransportOptions {
  origin: string;
  token: string;
}

export function createBrowserTransport({ origin, token }: BrowserTransportOptions): ApiTransport {
  const listeners = new Set<(e: ApiEventEnvelope) => void>();
  let socket: WebSocket | null = null;
  let retry = 0;

  const connect = (): void => {
    if (socket || listeners.size === 0) return;
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events`, ['datawallet.events.v1', `datawallet.token.${token}`]);
    socket = ws;
    ws.onmessage = (msg) => {
      let data: unknown;
      try {
        data = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      const parsed = apiEventEnvelopeSchema.safeParse(data);
      if (!parsed.success) return;
      retry = 0;
      for (const l of listeners) l(parsed.data);
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.size === 0) return;
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 250 * 2 ** retry);
    };
  };

  return {
    async invoke(call: string, input: unknown): Promise<ApiResult> {
      const res = await fetch(`${origin}/api/call/${encodeURIComponent(call)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? null),
        credentials: 'omit',
        redirect: 'error',
      });
      const body: unknown = await res.json();
      return apiResultSchema.parse(body) as ApiResult;
    },
    subscribe(listener) {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && socket) {
          socket.close();
          socket = null;
        }
      };
    },
  };
}
