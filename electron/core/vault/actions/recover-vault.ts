import type { RecoveryKeyTypoError, WeakPassphraseError, WrongRecoveryKeyError } from '../errors.js';
import type { VaultOptions } from '../options.js';
import { assertPassphraseAcceptable } from '../passphrase-policy.js';
import { sessionOf, type Vault } from '../vault.js';
import { setPassphrase } from './change-passphrase.js';
import { unlockVault } from './unlock-vault.js';

export type RecoverVaultParameters = [dir: string, recoveryKey: string, newPassphrase: string, opts?: VaultOptions];
export type RecoverVaultReturnType = Vault;
export type RecoverVaultErrorType = RecoveryKeyTypoError | WrongRecoveryKeyError | WeakPassphraseError;

/**
 * For a forgotten passphrase: unlocks with the recovery key and sets a new
 * passphrase. The recovery key stays valid (replace it with
 * `vault.issueRecoveryKey` if it may have been seen by someone else).
 */
export async function recoverVault(dir: string, recoveryKey: string, newPassphrase: string, opts?: VaultOptions): Promise<Vault> {
  assertPassphraseAcceptable(newPassphrase);
  const vault = await unlockVault(dir, { recoveryKey }, opts);
  try {
    await setPassphrase(sessionOf(vault), newPassphrase);
    return vault;
  } catch (e) {
    vault.lock();
    throw e;
  }
}
