/**
 * Picks how the renderer reaches the wallet, once, at start:
 * - inside Electron the preload exposes `window.wallet` (an ApiTransport);
 * - in browser mode the page was opened as http://127.0.0.1:PORT/#token=…:
 *   the token is read from the fragment, kept for this tab only
 *   (sessionStorage, so a reload still works) and removed from the address bar.
 * The renderer never talks to Node or the core directly.
 */
import type { ApiTransport } from '../../../shared/api/envelope.js';
import { createBrowserTransport } from './browser-transport.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in browser mode. */
    wallet?: ApiTransport;
  }
}

const TOKEN_KEY = 'data-wallet.token';

export class NoTransportError extends Error {
  override readonly name = 'NoTransportError';
}

/** Reads `token=` from a URL fragment such as `#token=abc` or `#/unlock?token=abc`. */
export function tokenFromFragment(hash: string): string | null {
  const m = /[#&?]token=([A-Za-z0-9_-]{16,200})/.exec(hash);
  return m ? m[1]! : null;
}

export function pickTransport(win: Window = window): ApiTransport {
  if (win.wallet && typeof win.wallet.invoke === 'function') return win.wallet;
  const fromUrl = tokenFromFragment(win.location.hash);
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of history, screenshots and copied links.
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}#/`);
  }
  const token = fromUrl ?? win.sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new NoTransportError('no wallet connection: open the address printed by `npm start`');
  return createBrowserTransport({ origin: win.location.origin, token });
}
