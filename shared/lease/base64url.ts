/**
 * Strict base64url (RFC 4648 §5) without padding, for Node and browsers alike
 * (no Buffer, no atob). Decoding accepts only the canonical encoding: the
 * alphabet `A-Z a-z 0-9 - _`, no `=`, no whitespace, a length that is not
 * 1 mod 4, and zero bits in the unused tail, so every byte string has exactly
 * one accepted encoding.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

export type Base64UrlDecodeFailure = 'alphabet' | 'length' | 'trailing-bits';

/** Decodes canonical unpadded base64url; returns the reason instead of throwing. */
export function decodeBase64Url(
  text: string,
): { ok: true; bytes: Uint8Array } | { ok: false; reason: Base64UrlDecodeFailure; index?: number } {
  const len = text.length;
  if (len % 4 === 1) return { ok: false, reason: 'length' };
  const values = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE_TABLE[c]! : -1;
    if (v < 0) return { ok: false, reason: 'alphabet', index: i };
    values[i] = v;
  }
  const full = Math.floor(len / 4);
  const rest = len % 4;
  const out = new Uint8Array(full * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  for (let q = 0; q < full; q++, i += 4) {
    const n = (values[i]! << 18) | (values[i + 1]! << 12) | (values[i + 2]! << 6) | values[i + 3]!;
    out[o++] = (n >> 16) & 255;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest === 2) {
    if ((values[i + 1]! & 0x0f) !== 0) return { ok: false, reason: 'trailing-bits' };
    out[o] = ((values[i]! << 2) | (values[i + 1]! >> 4)) & 255;
  } else if (rest === 3) {
    if ((values[i + 2]! & 0x03) !== 0) return { ok: false, reason: 'trailing-bits' };
    const n = (values[i]! << 18) | (values[i + 1]! << 12) | (values[i + 2]! << 6);
    out[o] = (n >> 16) & 255;
    out[o + 1] = (n >> 8) & 255;
  }
  return { ok: true, bytes: out };
}
