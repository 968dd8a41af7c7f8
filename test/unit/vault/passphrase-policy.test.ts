import { describe, expect, it } from 'vitest';
import { WeakPassphraseError } from '../../../electron/core/vault/errors.js';
import { assertPassphraseAcceptable } from '../../../electron/core/vault/passphrase-policy.js';

describe('passphrase policy', () => {
  it('accepts 8 characters or more (code points, not UTF-16 units)', () => {
    expect(() => assertPassphraseAcceptable('abcdefgh')).not.toThrow();
    expect(() => assertPassphraseAcceptable('😀😀😀😀😀😀😀😀')).not.toThrow();
  });

  it('refuses empty, short or blank passphrases with WeakPassphraseError', () => {
    for (const p of ['', 'short', '1234567', '          ', '😀😀😀']) {
      expect(() => assertPassphraseAcceptable(p)).toThrow(WeakPassphraseError);
    }
    expect(() => assertPassphraseAcceptable('abc')).toThrow('The passphrase is too short: use at least 8 characters.');
  });
});
