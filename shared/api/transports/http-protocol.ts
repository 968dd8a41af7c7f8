/**
 * The wire protocol of browser mode (the loopback web host), shared by the
 * host (electron/browser-mode) and the client transport in the renderer.
 *
 * - A call: `POST /api/call/<name>`, body = the call's input as JSON,
 *   `Authorization: Bearer <token>`, `Content-Type: application/json`;
 *   the answer is always an `ApiResult` (JSON).
 * - Events: a WebSocket on `/api/events`; browsers cannot set headers on a
 *   WebSocket, so the token travels as the second sub-protocol
 *   (`datawallet.token.<token>`); the server answers with the first one.
 *   Each message is one `ApiEventEnvelope`.
 * - The token is 256 random bits in base64url (43 characters), handed to the
 *   page in the URL fragment (`#token=…`), which browsers never send to a
 *   server, log or put in a Referer.
 */
export const CALL_PATH_PREFIX = '/api/call/';
export const EVENTS_PATH = '/api/events';
export const EVENTS_SUBPROTOCOL = 'datawallet.events.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'datawallet.token.';
export const TOKEN_FRAGMENT_KEY = 'token';

/** 32 bytes in base64url without padding. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Call names are contract keys such as `vault.unlock`: a short, path-safe alphabet. */
export const CALL_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
export const CALL_NAME_MAX = 100;

/** Reads the token from a URL fragment such as `#token=…` (other keys are ignored). */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get(TOKEN_FRAGMENT_KEY);
  return token !== null && TOKEN_PATTERN.test(token) ? token : null;
}
