/**
 * Which transport the renderer uses: the preload's `window.wallet` inside the
 * desktop app, otherwise (browser mode) fetch + WebSocket to the page's own
 * origin with the token from the URL fragment. The page then drops the token
 * from the address bar and keeps it in this tab's sessionStorage (so a reload
 * still works, and a new tab needs the printed address again).
 */
import type { CallInput, CallMap, CallOutput } from '../client.js';
import type { ApiResult, ApiTransport } from '../envelope.js';
import { NoWalletConnectionError } from './errors.js';
import { createHttpTransport, type HttpTransportOptions } from './http-client.js';
import { tokenFromFragment } from './http-protocol.js';

/** What the Electron preload exposes as `window.wallet`. */
export interface WalletBridge<C extends CallMap = CallMap> extends ApiTransport {
  readonly calls: { readonly [N in keyof C & string]: (input: CallInput<C, N>) => Promise<ApiResult<CallOutput<C, N>>> };
}

interface PageLike {
  wallet?: WalletBridge;
  location?: { origin: string; hash: string; pathname: string; search: string };
  history?: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

const TOKEN_STORAGE_KEY = 'datawallet.token';

export function rendererTransport(page: PageLike = globalThis as PageLike, options: Pick<HttpTransportOptions, 'webSocket' | 'fetch'> = {}): ApiTransport {
  if (page.wallet) return page.wallet;
  if (!page.location) throw new NoWalletConnectionError();
  const fromFragment = tokenFromFragment(page.location.hash);
  const token = fromFragment ?? tokenFromFragment(`token=${page.sessionStorage?.getItem(TOKEN_STORAGE_KEY) ?? ''}`);
  if (!token) throw new NoWalletConnectionError();
  if (fromFragment) {
    page.sessionStorage?.setItem(TOKEN_STORAGE_KEY, fromFragment);
    page.history?.replaceState(null, '', `${page.location.pathname}${page.location.search}`);
  }
  return createHttpTransport({ origin: page.location.origin, token, ...options });
}
