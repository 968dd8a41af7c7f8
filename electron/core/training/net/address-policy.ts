/**
 * Which remote addresses the wallet may talk to for tasks and results:
 * https only, no credentials in the URL, and never a private, loopback,
 * link-local or otherwise non-public address, checked both on the URL's host
 * and on every address its name resolves to (so a public name cannot point
 * the wallet at the owner's router or at a service on the same machine).
 * Tests and the federated demo may allow loopback http explicitly.
 *
 * Kept in this one file so it can be replaced by the lease area's shared
 * taskUrl policy without touching the callers.
 */
import { isIP } from 'node:net';
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

/** Checks a URL before any connection; throws TaskFetchError('url-refused' | 'address-refused'). */
export function checkRemoteUrl(value: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TaskFetchError('url-refused', 'The address is not a valid URL.');
  }
  if (url.username || url.password) throw new TaskFetchError('url-refused', 'The address contains credentials, which the wallet never sends.');
  const allowedProtocol = url.protocol === 'https:' || (policy.allowPrivate && url.protocol === 'http:');
  if (!allowedProtocol) throw new TaskFetchError('url-refused', 'The address is not https://.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isNonPublicAddress(host) && !policy.allowPrivate) {
    throw new TaskFetchError('address-refused', 'The address points at a private, loopback or link-local network.');
  }
  if (!policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal'))) {
    throw new TaskFetchError('address-refused', 'The address points at this computer or the local network.');
  }
  return url;
}

/** Checks one address a host name resolved to (called from the connection's DNS lookup). */
export function checkResolvedAddress(ip: string, policy: AddressPolicy): void {
  if (!policy.allowPrivate && isNonPublicAddress(ip)) {
    throw new TaskFetchError('address-refused', 'The address’s name resolves to a private, loopback or link-local network.');
  }
}
