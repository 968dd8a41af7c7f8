import { KeychainUnlockError, WrongPassphraseError, WrongRecoveryKeyError } from '../errors.js';
import type { KeySet } from './key-file-schema.js';
import { type KeychainSealer, openKeychainWrap } from './keychain-wrap.js';
import { parseRecoveryKey } from './recovery-key.js';
import { openPassphraseWrap, openRecoveryWrap } from './wraps.js';

/** What a person unlocks with: their passphrase, their recovery key, or (desktop app) the OS keychain. */
export type UnlockSecret = { passphrase: string } | { recoveryKey: string } | { keychain: KeychainSealer };

/** An unlock secret after input checks (a recovery key is decoded already). */
export type CheckedSecret =
  | { kind: 'passphrase'; passphrase: string }
  | { kind: 'recovery'; secret: Buffer }
  | { kind: 'keychain'; sealer: KeychainSealer };

/** Decodes the secret; throws RecoveryKeyTypoError for a mistyped recovery key. */
export function checkUnlockSecret(secret: UnlockSecret): CheckedSecret {
  if ('recoveryKey' in secret) return { kind: 'recovery', secret: parseRecoveryKey(secret.recoveryKey) };
  if ('keychain' in secret) return { kind: 'keychain', sealer: secret.keychain };
  if (typeof secret.passphrase !== 'string') throw new TypeError('passphrase must be a string');
  return { kind: 'passphrase', passphrase: secret.passphrase };
}

/** The data key of `set`, or null when the secret does not open it. */
export async function unwrapKeySet(vaultId: string, set: KeySet, secret: CheckedSecret): Promise<Buffer | null> {
  const ids = { vaultId, dataKeyId: set.dataKeyId };
  if (secret.kind === 'passphrase') return openPassphraseWrap(ids, set.passphrase, secret.passphrase);
  if (secret.kind === 'keychain') {
    if (!set.keychain) return null;
    const opened = openKeychainWrap(ids, set.keychain, secret.sealer);
    return opened.ok ? opened.dk : null;
  }
  return set.recovery ? openRecoveryWrap(ids, set.recovery, secret.secret) : null;
}

/** The error for a secret that does not open `set` (for the keychain: why). */
export function wrongSecretError(secret: CheckedSecret, set: KeySet): Error {
  if (secret.kind === 'passphrase') return new WrongPassphraseError();
  if (secret.kind === 'recovery') return new WrongRecoveryKeyError();
  if (!set.keychain) return new KeychainUnlockError('not-enabled');
  return new KeychainUnlockError(set.keychain.backend === secret.sealer.backend ? 'unusable' : 'backend-changed');
}

export function wipeSecret(secret: CheckedSecret): void {
  if (secret.kind === 'recovery') secret.secret.fill(0);
}
