import { WeakPassphraseError } from './errors.js';

/** Minimum passphrase length, in characters (Unicode code points, NFC). */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Throws WeakPassphraseError when a new passphrase is too short or blank. */
export function assertPassphraseAcceptable(passphrase: string): void {
  if (typeof passphrase !== 'string') throw new WeakPassphraseError(MIN_PASSPHRASE_LENGTH);
  const trimmed = passphrase.normalize('NFC').trim();
  if (Array.from(trimmed).length < MIN_PASSPHRASE_LENGTH) throw new WeakPassphraseError(MIN_PASSPHRASE_LENGTH);
}
