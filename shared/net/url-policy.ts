/**
 * Where the wallet may fetch from on a requester's say-so: one policy for the
 * lease prompt (a request's `taskUrl`) and the training runner (which fetches
 * it, and checks each address the name resolves to with isPublicIpAddress).
 *
 * Plain TypeScript (no Node, no DOM): the URL is judged as written; resolving
 * names is the fetcher's job.
 */

export interface UrlPolicyOptions {
  /**
   * A test or demo setting: allow loopback, private and link-local hosts, and
   * plain http to a loopback host. Off for real use.
   */
  allowLocal?: boolean;
}

export type UrlPolicyProblem = 'not-a-url' | 'not-https' | 'credentials' | 'local-address';

export type UrlPolicyResult = { ok: true; url: URL } | { ok: false; problem: UrlPolicyProblem; message: string };

/** Names that never mean a public host. */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/i;

/** Parses a dotted-quad IPv4 address (as the URL parser normalises it), or null. */
function ipv4Bytes(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function isPublicIpv4([a, b, c]: number[]): boolean {
  if (a === undefined || b === undefined || c === undefined) return false;
  if (a === 0 || a === 10 || a === 127) return false; // this network, private, loopback
  if (a === 100 && b >= 64 && b <= 127) return false; // shared address space (CGNAT)
  if (a === 169 && b === 254) return false; // link-local
  if (a === 172 && b >= 16 && b <= 31) return false; // private
  if (a === 192 && b === 168) return false; // private
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF protocol assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  if (a >= 224) return false; // multicast, reserved, broadcast
  return true;
}

/** Expands an IPv6 address (without brackets) to 8 groups, or null. */
function ipv6Groups(host: string): number[] | null {
  let text = host.toLowerCase();
  const v4 = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (v4) {
    const bytes = ipv4Bytes(v4[1]!);
    if (!bytes) return null;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, -v4[1]!.length)}${hex(bytes[0]!, bytes[1]!)}:${hex(bytes[2]!, bytes[3]!)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : null;
}

function isPublicIpv6(g: number[]): boolean {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = g;
  if (g.every((x) => x === 0)) return false; // unspecified
  if (g.slice(0, 7).every((x) => x === 0) && g7 === 1) return false; // loopback
  if (g.slice(0, 5).every((x) => x === 0) && g5 === 0xffff) return isPublicIpv4([g6 >> 8, g6 & 255, g7 >> 8, g7 & 255]); // IPv4-mapped
  if ((g0 & 0xfe00) === 0xfc00) return false; // unique local
  if ((g0 & 0xffc0) === 0xfe80) return false; // link-local
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // documentation
  return true;
}

/** True for an IP address (v4 dotted quad, or v6 with or without brackets) a public host can have. */
export function isPublicIpAddress(address: string): boolean {
  const host = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = ipv4Bytes(host);
  if (v4) return isPublicIpv4(v4);
  const v6 = host.includes(':') ? ipv6Groups(host) : null;
  return v6 ? isPublicIpv6(v6) : false;
}

function isIpLiteral(host: string): boolean {
  return ipv4Bytes(host) !== null || host.startsWith('[');
}

function isLoopbackHost(host: string): boolean {
  if (/^(localhost|.*\.localhost)$/i.test(host)) return true;
  const v4 = ipv4Bytes(host);
  if (v4) return v4[0] === 127;
  return host === '[::1]';
}

/**
 * Checks a URL the wallet is asked to fetch from: https only (plain http only
 * to a loopback host, and only with `allowLocal`), no credentials, and not a
 * loopback, private, link-local or otherwise non-public address or local name
 * (unless `allowLocal`).
 */
export function checkFetchUrl(value: string, options: UrlPolicyOptions = {}): UrlPolicyResult {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'not-a-url', message: 'it is not an absolute URL' };
  }
  const host = url.hostname;
  const allowLocal = options.allowLocal === true;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowLocal && isLoopbackHost(host))) {
    return {
      ok: false,
      problem: 'not-https',
      message: allowLocal ? 'it must be an https URL (plain http only to this computer)' : 'it must be an https URL',
    };
  }
  if (url.username || url.password) return { ok: false, problem: 'credentials', message: 'it must not contain a user name or password' };
  if (!allowLocal) {
    const local = isIpLiteral(host) ? !isPublicIpAddress(host) : LOCAL_NAME.test(host) || !host.includes('.');
    if (local) {
      return {
        ok: false,
        problem: 'local-address',
        message: 'it points at this computer or a private network (loopback, private, link-local or local name), which only a test or demo setting allows',
      };
    }
  }
  return { ok: true, url };
}
