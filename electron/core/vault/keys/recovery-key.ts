/**
 * Recovery keys: 160 random bits plus a 16-bit CRC, written in Crockford
 * base32 as 9 groups of 4 symbols, e.g. `7K3M-…-Q8R0`.
 *
 * Reading is forgiving (case, spaces, dashes, and O→0, I/L→1 do not matter)
 * and strict about typos: the CRC detects every single wrong symbol and every
 * swap of two neighbouring symbols, so a typo is reported as a typo instead
 * of as a wrong key.
 */
import { randomBytes } from 'node:crypto';
import { RecoveryKeyTypoError } from '../errors.js';
import { crc16 } from './crc16.js';
import { crockfordValue, decodeCrockford, encodeCrockford } from './crockford.js';

/** Random bytes carried by a recovery key. */
export const RECOVERY_SECRET_BYTES = 20;
const CODEWORD_BYTES = RECOVERY_SECRET_BYTES + 2;
/** Symbols in a recovery key, without separators (180 bits: 176 used, 4 zero). */
export const RECOVERY_KEY_SYMBOLS = 36;
const GROUP = 4;
const SEPARATORS = /[\s\u002d\u2010-\u2015_.]+/gu;

/** Formats a 20-byte secret as a grouped recovery key. */
export function formatRecoveryKey(secret: Uint8Array): string {
  if (secret.length !== RECOVERY_SECRET_BYTES) throw new RangeError('recovery secret must be 20 bytes');
  const codeword = Buffer.alloc(CODEWORD_BYTES);
  codeword.set(secret, 0);
  codeword.writeUInt16BE(crc16(secret), RECOVERY_SECRET_BYTES);
  const symbols = encodeCrockford(codeword, RECOVERY_KEY_SYMBOLS);
  codeword.fill(0);
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += GROUP) groups.push(symbols.slice(i, i + GROUP));
  return groups.join('-');
}

/** A fresh recovery key: the secret (for the KEK) and its text (for the user). */
export function generateRecoveryKey(): { secret: Buffer; text: string } {
  const secret = randomBytes(RECOVERY_SECRET_BYTES);
  return { secret, text: formatRecoveryKey(secret) };
}

/**
 * Reads a recovery key typed by a person and returns its 20-byte secret.
 * Throws {@link RecoveryKeyTypoError} (and nothing else) when it is malformed.
 * The error says where, never what: it never echoes the input.
 */
export function parseRecoveryKey(input: string): Buffer {
  if (typeof input !== 'string') throw new RecoveryKeyTypoError('it is not text');
  const compact = input.replace(SEPARATORS, '');
  const chars = Array.from(compact);
  if (chars.length !== RECOVERY_KEY_SYMBOLS) {
    throw new RecoveryKeyTypoError(
      `it has ${chars.length} characters, but a recovery key has ${RECOVERY_KEY_SYMBOLS} (not counting dashes and spaces)`,
    );
  }
  const values: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const value = crockfordValue(chars[i] as string);
    if (value === undefined) {
      throw new RecoveryKeyTypoError(`character ${i + 1} (not counting dashes and spaces) is not one that recovery keys use`);
    }
    values.push(value);
  }
  const { bytes, padding } = decodeCrockford(values, CODEWORD_BYTES);
  const secret = bytes.subarray(0, RECOVERY_SECRET_BYTES);
  const ok = padding === 0 && crc16(secret) === bytes.readUInt16BE(RECOVERY_SECRET_BYTES);
  if (!ok) {
    bytes.fill(0);
    throw new RecoveryKeyTypoError('its checksum does not match, so at least one character is wrong');
  }
  const out = Buffer.from(secret);
  bytes.fill(0);
  return out;
}
