/**
 * What every request to the browser-mode host must pass before anything else
 * runs: the Host header names our own loopback address and port (a DNS
 * rebinding page sends its own host name), an Origin, when present, is our
 * own origin, and API requests carry the one-time token (compared in constant
 * time, after hashing so that the length leaks nothing either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { TOKEN_PATTERN } from '../../shared/api/transports/http-protocol.js';

export interface HostIdentity {
  /** `127.0.0.1:<port>` */
  host: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
}

export function hostIdentity(port: number): HostIdentity {
  return { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` };
}

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : '\u0000') : value;
}

/** Host and Origin: for every request, static files included. */
export function checkHostAndOrigin(
  headers: Record<string, string | string[] | undefined>,
  id: HostIdentity,
): GuardVerdict {
  const host = single(headers.host);
  if (host === undefined || host.toLowerCase() !== id.host) {
    return { ok: false, status: 403, reason: 'foreign Host header' };
  }
  const origin = single(headers.origin);
  if (origin !== undefined && origin !== id.origin) {
    return { ok: false, status: 403, reason: 'foreign Origin' };
  }
  const site = single(headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, reason: 'cross-site request' };
  }
  return { ok: true };
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function tokensEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** `Authorization: Bearer <token>` */
export function checkBearer(header: string | string[] | undefined, expected: string): GuardVerdict {
  const value = single(header);
  const match = value === undefined ? null : /^Bearer ([^\s]+)$/.exec(value);
  if (!match || !TOKEN_PATTERN.test(match[1]!) || !tokensEqual(match[1]!, expected)) {
    return { ok: false, status: 401, reason: 'missing or wrong token' };
  }
  return { ok: true };
}
