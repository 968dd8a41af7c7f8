/** Crockford base32: digits and letters without I, L, O and U. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const VALUES: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (let i = 0; i < CROCKFORD_ALPHABET.length; i++) {
    const ch = CROCKFORD_ALPHABET[i] as string;
    map.set(ch, i);
    map.set(ch.toLowerCase(), i);
  }
  // Crockford's aliases for easily confused letters.
  for (const [alias, digit] of [['O', 0], ['o', 0], ['I', 1], ['i', 1], ['L', 1], ['l', 1]] as const) {
    map.set(alias, digit);
  }
  return map;
})();

/** Value (0..31) of one symbol, with aliases; undefined when not a symbol. */
export function crockfordValue(ch: string): number | undefined {
  return VALUES.get(ch);
}

/** Encodes bytes big-endian into `symbols` symbols, zero-padding the last bits. */
export function encodeCrockford(bytes: Uint8Array, symbols: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  let i = 0;
  while (out.length < symbols) {
    if (bits < 5) {
      acc = (acc << 8) | (i < bytes.length ? (bytes[i] as number) : 0);
      bits += 8;
      i++;
    }
    bits -= 5;
    out += CROCKFORD_ALPHABET[(acc >> bits) & 31];
    acc &= (1 << bits) - 1;
  }
  return out;
}

/**
 * Decodes symbol values back into `byteLength` bytes. Returns the bytes and
 * the value of the leftover padding bits (0 for a well-formed input).
 */
export function decodeCrockford(values: readonly number[], byteLength: number): { bytes: Buffer; padding: number } {
  const bytes = Buffer.alloc(byteLength);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const v of values) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8 && o < byteLength) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return { bytes, padding: acc };
}
