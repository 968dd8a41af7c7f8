import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecoveryKeyTypoError } from '../../../electron/core/vault/errors.js';
import { CROCKFORD_ALPHABET } from '../../../electron/core/vault/keys/crockford.js';
import {
  formatRecoveryKey,
  generateRecoveryKey,
  parseRecoveryKey,
  RECOVERY_KEY_SYMBOLS,
} from '../../../electron/core/vault/keys/recovery-key.js';

const secretArb = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((a) => Buffer.from(a));

function symbolsOf(key: string): string[] {
  return key.replaceAll('-', '').split('');
}

describe('recovery key format', () => {
  it('is 9 groups of 4 Crockford symbols', () => {
    const { text } = generateRecoveryKey();
    expect(text).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){8}$/);
  });

  it('round-trips any secret', () => {
    fc.assert(
      fc.property(secretArb, (secret) => {
        expect(parseRecoveryKey(formatRecoveryKey(secret)).equals(secret)).toBe(true);
      }),
    );
  });

  it('reads lower case, spaces, missing or extra dashes and the O/I/L aliases', () => {
    fc.assert(
      fc.property(secretArb, fc.integer({ min: 0, max: 3 }), (secret, style) => {
        const key = formatRecoveryKey(secret);
        const variants = [
          key.toLowerCase(),
          key.replaceAll('-', ' '),
          `  ${key.replaceAll('-', '')}\n`,
          key.replaceAll('0', 'O').replaceAll('1', style % 2 === 0 ? 'I' : 'l'),
        ];
        expect(parseRecoveryKey(variants[style] as string).equals(secret)).toBe(true);
      }),
    );
  });

  it('detects every single-symbol typo', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.integer({ min: 0, max: RECOVERY_KEY_SYMBOLS - 1 }),
        fc.integer({ min: 1, max: 31 }),
        (secret, pos, delta) => {
          const symbols = symbolsOf(formatRecoveryKey(secret));
          const old = CROCKFORD_ALPHABET.indexOf(symbols[pos] as string);
          symbols[pos] = CROCKFORD_ALPHABET[(old + delta) % 32] as string;
          expect(() => parseRecoveryKey(symbols.join(''))).toThrow(RecoveryKeyTypoError);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('detects every swap of two different neighbouring symbols', () => {
    fc.assert(
      fc.property(secretArb, fc.integer({ min: 0, max: RECOVERY_KEY_SYMBOLS - 2 }), (secret, pos) => {
        const symbols = symbolsOf(formatRecoveryKey(secret));
        fc.pre(symbols[pos] !== symbols[pos + 1]);
        [symbols[pos], symbols[pos + 1]] = [symbols[pos + 1] as string, symbols[pos] as string];
        expect(() => parseRecoveryKey(symbols.join(''))).toThrow(RecoveryKeyTypoError);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but RecoveryKeyTypoError, whatever the input', () => {
    const alphabetish = fc.string({ unit: fc.constantFrom(...`${CROCKFORD_ALPHABET}OILUoilu- _\u00e9\ud83d\ude00`.split('')), maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 50 }), alphabetish), (input) => {
        try {
          parseRecoveryKey(input);
        } catch (e) {
          expect(e).toBeInstanceOf(RecoveryKeyTypoError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('says what is wrong without echoing the key', () => {
    const key = formatRecoveryKey(Buffer.alloc(20, 7));
    const typo = `${key.slice(0, -1)}${key.endsWith('Z') ? 'Y' : 'Z'}`;
    const tooShort = key.slice(0, -5);
    const badChar = `U${key.slice(1)}`;
    const messages = [typo, tooShort, badChar].map((k) => {
      try {
        parseRecoveryKey(k);
        return '';
      } catch (e) {
        return String(e);
      }
    });
    expect(messages[0]).toBe(
      'The recovery key has a typo: its checksum does not match, so at least one character is wrong. Compare it character by character with your saved copy. Dashes, spaces and upper/lower case do not matter.',
    );
    expect(messages[1]).toContain('it has 32 characters, but a recovery key has 36');
    expect(messages[2]).toContain('character 1 (not counting dashes and spaces) is not one that recovery keys use');
    for (const m of messages) expect(m).not.toContain(key.slice(5, 14));
  });
});
