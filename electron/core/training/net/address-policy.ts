/**
 * Which remote addresses the wallet may talk to for tasks and results:
 * https only, no credentials in the URL, and never a private, loopback,
 * link-local or otherwise non-public address, checked both on the URL's host
 * and on every address its name resolves to (so a public name cannot point
 * the wallet at the owner's router or at a service on the same machine).
 * Tests and the federated demo may allow loopback http explicitly.
 *
 * The URL rule is the lease area's shared policy (checkFetchUrl); this file
 * adds the check of every resolved address, which only a fetcher can do.
 */
import { isIP } from 'node:net';
import { checkFetchUrl } from '../../../../shared/net/url-policy.js';
import { TaskFetchError } from '../errors.js';

export interface AddressPolicy {
  /** Allow http:// and loopback/private addresses (tests and the demo only). */
  allowPrivate: boolean;
}

export const STRICT_POLICY: AddressPolicy = { allowPrivate: false };

function v4Parts(ip: string): number[] | null {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : null;
}

/** True for addresses that are not on the public internet. */
export function isNonPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) {
    const [a, b] = v4Parts(ip)!;
    return (
      a === 0 || a === 10 || a === 127 || (a === 100 && b! >= 64 && b! <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) || a! >= 224
    );
  }
  if (family === 6) {
    const lower = ip.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return isNonPublicAddress(mapped[1]!);
    if (lower === '::' || lower === '::1') return true;
    const head = parseInt(lower.split(':')[0] || '0', 16);
    return (head & 0xfe00) === 0xfc00 || (head & 0xffc0) === 0xfe80 || (head & 0xff00) === 0xff00 || lower.startsWith('64:ff9b:') || lower.startsWith('2001:db8:');
  }
  return true;
}

/**
 * Checks a URL before any connection with the wallet's one fetch policy
 * (shared/net/url-policy.ts, also applied to a request's taskUrl at the
 * prompt); throws TaskFetchError('url-refused' | 'address-refused').
 */
export function checkRemoteUrl(value: string, policy: AddressPolicy): URL {
  const r = checkFetchUrl(value, { allowLocal: policy.allowPrivate });
  if (r.ok) return r.url;
  const failure = r.problem === 'local-address' ? 'address-refused' : 'url-refused';
  throw new TaskFetchError(failure, `The address is refused: ${r.message}.`);
}

/** Checks one address a host name resolved to (called from the connection's DNS lookup). */
export function checkResolvedAddress(ip: string, policy: AddressPolicy): void {
  if (!policy.allowPrivate && isNonPublicAddress(ip)) {
    throw new TaskFetchError('address-refused', 'The address’s name resolves to a private, loopback or link-local network.');
  }
}
