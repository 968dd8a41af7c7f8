/**
 * Flag parsing for the `data-wallet-request` CLI: each parser turns one raw
 * value into its typed form or throws a CliInputError that names the flag,
 * says what was wrong and what to write instead.
 */
import { getAddress, isAddress, zeroAddress, type Address, type Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { WalletError } from '../shared/errors/wallet-error.js';

/** A bad value: exit code 1, one `error: …` line. The message names the flag and what to write instead. */
export class CliInputError extends WalletError {
  override readonly name = 'CliInputError' as const;
  readonly code = 'REQUESTER_INPUT' as const;
  constructor(message: string) {
    super(message);
  }
}

/** A wrong way of calling the CLI (missing or conflicting flags): exit code 2. */
export class CliUsageError extends WalletError {
  override readonly name = 'CliUsageError' as const;
  readonly code = 'REQUESTER_USAGE' as const;
  constructor(message: string) {
    super(message);
  }
}

export const KEY_ENV = 'REQUESTER_PRIVATE_KEY';

/** A user-supplied value, quoted for an error message: shortened, control characters shown as `?`. */
export function quote(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '?');
  return JSON.stringify(plain.length > 70 ? `${plain.slice(0, 67)}...` : plain);
}

/** The requester's key from the environment. Never echoes it, not even in part. */
export function accountFromEnv(env: NodeJS.ProcessEnv): PrivateKeyAccount {
  const raw = env[KEY_ENV];
  if (raw === undefined || raw.trim() === '') {
    throw new CliInputError(`Set ${KEY_ENV} to the requester's private key (0x followed by 64 hex digits); requests and deposits are signed with it.`);
  }
  const key = raw.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new CliInputError(`${KEY_ENV} is not a private key: it must be 0x followed by exactly 64 hex digits (it is not shown here).`);
  }
  try {
    return privateKeyToAccount(key as Hex);
  } catch {
    throw new CliInputError(`${KEY_ENV} is not a valid secp256k1 private key (zero or not below the curve order); it is not shown here.`);
  }
}

/** The key as it may appear in text, for redaction. */
export function keyForms(env: NodeJS.ProcessEnv): string[] {
  const raw = env[KEY_ENV]?.trim();
  if (!raw || raw.length < 16) return [];
  const hex = raw.replace(/^0x/i, '');
  return [raw, hex, hex.toLowerCase(), hex.toUpperCase()].filter((s) => s.length >= 16);
}

export function parseAddress(flag: string, raw: string): Address {
  if (!isAddress(raw, { strict: true })) {
    const hint = isAddress(raw, { strict: false }) ? 'its EIP-55 checksum is wrong (write it all lowercase or correctly checksummed)' : 'expected 0x followed by 40 hex digits';
    throw new CliInputError(`${flag} ${quote(raw)} is not an address: ${hint}.`);
  }
  if (raw.toLowerCase() === zeroAddress) throw new CliInputError(`${flag} must not be the zero address.`);
  return getAddress(raw);
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** A whole number in plain decimal digits, within [min, max]. */
export function parseUint(flag: string, raw: string, { min = 0n, max = (1n << 256n) - 1n, unit = '', why = '' } = {}): bigint {
  const s = raw.trim();
  if (!DECIMAL.test(s)) {
    throw new CliInputError(`${flag} ${quote(raw)} is not a whole number${unit ? ` of ${unit}` : ''}: write plain decimal digits, e.g. 6000.`);
  }
  const n = s.length > 80 ? max + 1n : BigInt(s);
  if (n < min || n > max) {
    throw new CliInputError(`${flag} ${quote(s)} is out of range: it must be between ${min} and ${max}${why ? ` (${why})` : ''}.`);
  }
  return n;
}

export function parseChainId(raw: string): number {
  return Number(parseUint('--chain-id', raw, { min: 1n, max: BigInt(Number.MAX_SAFE_INTEGER) }));
}

/** ε as a decimal with at most three fraction digits → ε × 1000 (uint32). */
export function parseEpsilonMilli(raw: string): number {
  const m = /^(\d{1,10})(?:\.(\d{1,3}))?$/.exec(raw.trim());
  if (!m) {
    throw new CliInputError(`--epsilon ${quote(raw)} is not a privacy budget: write a non-negative decimal with at most three decimals, e.g. 3 or 0.5.`);
  }
  const milli = BigInt(m[1]!) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'));
  if (milli > 0xffffffffn) throw new CliInputError(`--epsilon ${raw.trim()} is too large: at most 4294967.295.`);
  return Number(milli);
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time as unix seconds: ISO-8601 date or date-time (no zone = UTC), or unix seconds. Fractions of a second are dropped. */
export function parseTime(flag: string, raw: string): bigint {
  const s = raw.trim();
  if (/^\d{1,12}$/.test(s)) return BigInt(s);
  if (ISO.test(s)) {
    const hasZone = s.length > 10 && /(?:Z|[+-]\d{2}:?\d{2})$/.test(s);
    const normalized = s.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(s.length === 10 ? `${normalized}T00:00:00Z` : hasZone ? normalized : `${normalized}Z`);
    if (Number.isFinite(ms) && ms >= 0) return BigInt(Math.floor(ms / 1000));
  }
  throw new CliInputError(
    `${flag} ${quote(raw)} is not a time: write an ISO-8601 date or date-time (2024-01-01, 2024-01-01T08:00:00+01:00) or unix seconds.`,
  );
}

export function parseDatasets(raw: string): string[] {
  return raw.split(',').map((s) => s.trim());
}

/** http(s):// or ws(s):// JSON-RPC URL. */
export function parseRpcUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliInputError(`--rpc ${quote(raw)} is not a URL: write the JSON-RPC endpoint, e.g. http://127.0.0.1:8545 or wss://…`);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new CliInputError(`--rpc must be an http(s):// or ws(s):// URL, not ${url.protocol}//.`);
  }
  return url;
}

/** Unix seconds as `2024-01-01T00:00:00Z` (or the raw number if out of Date's range). */
export function isoTime(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString().replace('.000Z', 'Z') : seconds.toString();
}
