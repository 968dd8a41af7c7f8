/**
 * The audit log's hash chain: canonical JSON for an entry's data and the
 * SHA-256 each entry is stored with.
 *
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * strings and numbers as `JSON.stringify` writes them (shortest round-trip
 * numbers, -0 as 0). For the JSON values the log accepts this equals RFC 8785
 * (JCS), so another implementation can reproduce it.
 *
 * Entry hash: SHA-256 over a length-prefixed encoding, so no two different
 * entries share an encoding (no field can "leak" into the next):
 *
 *   u32be(len(DOMAIN)) ‖ DOMAIN                          "data-wallet/audit-entry/v1"
 *   u64be(seq)                                           1, 2, 3…
 *   i64be(at)                                            unix milliseconds
 *   u32be(len(type)) ‖ type                              UTF-8
 *   0x00                          when subject is null
 *   0x01 ‖ u32be(len(subject)) ‖ subject                 otherwise, UTF-8
 *   u32be(len(data)) ‖ data                              canonical JSON, UTF-8
 *   prevHash                                             32 bytes (zeros for #1)
 */
import { createHash } from 'node:crypto';
import type { AuditJson } from './types.js';
import { AuditEntryInvalidError } from './errors.js';

export const AUDIT_HASH_DOMAIN = 'data-wallet/audit-entry/v1';
export const HASH_BYTES = 32;
/** The `prevHash` of entry #1. */
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_BYTES);

/** What the hash covers; `data` is the stored canonical JSON text. */
export interface HashedEntryFields {
  seq: number;
  at: number;
  type: string;
  subject: string | null;
  data: string;
  prevHash: Uint8Array;
}

function lengthPrefixed(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return [len, bytes];
}

/** SHA-256 of an entry's canonical encoding (see module doc). */
export function auditEntryHash(e: HashedEntryFields): Buffer {
  if (!Number.isSafeInteger(e.seq) || e.seq < 1) throw new RangeError('seq must be a positive safe integer');
  if (!Number.isSafeInteger(e.at)) throw new RangeError('at must be a safe integer');
  if (e.prevHash.length !== HASH_BYTES) throw new RangeError(`prevHash must be ${HASH_BYTES} bytes`);
  const nums = Buffer.alloc(16);
  nums.writeBigUInt64BE(BigInt(e.seq), 0);
  nums.writeBigInt64BE(BigInt(e.at), 8);
  const h = createHash('sha256');
  for (const part of lengthPrefixed(AUDIT_HASH_DOMAIN)) h.update(part);
  h.update(nums);
  for (const part of lengthPrefixed(e.type)) h.update(part);
  if (e.subject === null) {
    h.update(Buffer.of(0));
  } else {
    h.update(Buffer.of(1));
    for (const part of lengthPrefixed(e.subject)) h.update(part);
  }
  for (const part of lengthPrefixed(e.data)) h.update(part);
  h.update(e.prevHash);
  return h.digest();
}

export function hashToHex(hash: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(hash).toString('hex')}`;
}

/** Deepest nesting accepted in entry data. Entries hold facts, not documents. */
export const MAX_DATA_DEPTH = 16;

/**
 * Canonical JSON of `value` (see module doc). Throws AuditEntryInvalidError
 * for anything that is not plain JSON: undefined, bigint, NaN/±Infinity,
 * functions, symbols, sparse arrays, class instances (Date, Map, Buffer…),
 * cycles or nesting deeper than MAX_DATA_DEPTH. The message names the path,
 * never the value.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$', 0);
}

function encode(value: unknown, path: string, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new AuditEntryInvalidError(`${path} is not a finite number (NaN and Infinity are not JSON)`);
      return JSON.stringify(value);
    case 'bigint':
      throw new AuditEntryInvalidError(`${path} is a bigint; write it as a decimal string`);
    case 'undefined':
      throw new AuditEntryInvalidError(`${path} is undefined; leave the key out or use null`);
    case 'object':
      break;
    default:
      throw new AuditEntryInvalidError(`${path} is a ${typeof value}, not a JSON value`);
  }
  if (depth >= MAX_DATA_DEPTH) throw new AuditEntryInvalidError(`${path} is nested deeper than ${MAX_DATA_DEPTH} levels`);
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new AuditEntryInvalidError(`${path}[${i}] is a hole in a sparse array`);
      parts.push(encode(value[i], `${path}[${i}]`, depth + 1));
    }
    return `[${parts.join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new AuditEntryInvalidError(`${path} is an object of a class (e.g. a Date or Buffer), not plain JSON`);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) throw new AuditEntryInvalidError(`${path} has symbol keys`);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  const parts = keys.map((k) => `${JSON.stringify(k)}:${encode(obj[k], `${path}.${safeKey(k)}`, depth + 1)}`);
  return `{${parts.join(',')}}`;
}

/** Keys come from our own code, but keep error paths short and printable anyway. */
function safeKey(key: string): string {
  const plain = key.replace(/[^A-Za-z0-9_-]/g, '?');
  return plain.length > 40 ? `${plain.slice(0, 37)}...` : plain;
}

/** Type guard over canonicalJson: true when `value` is plain JSON the log accepts. */
export function isAuditJson(value: unknown): value is AuditJson {
  try {
    canonicalJson(value);
    return true;
  } catch {
    return false;
  }
}
