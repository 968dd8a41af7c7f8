import type { KeySet } from './key-file-schema.js';
import { parseRecoveryKey } from './recovery-key.js';
import { openPassphraseWrap, openRecoveryWrap } from './wraps.js';

/** What a person unlocks with: their passphrase or their recovery key. */
export type UnlockSecret = { passphrase: string } | { recoveryKey: string };

/** An unlock secret after input checks (a recovery key is decoded already). */
export type CheckedSecret = { kind: 'passphrase'; passphrase: string } | { kind: 'recovery'; secret: Buffer };

/** Decodes the secret; throws RecoveryKeyTypoError for a mistyped recovery key. */
export function checkUnlockSecret(secret: UnlockSecret): CheckedSecret {
  if ('recoveryKey' in secret) return { kind: 'recovery', secret: parseRecoveryKey(secret.recoveryKey) };
  if (typeof secret.passphrase !== 'string') throw new TypeError('passphrase must be a string');
  return { kind: 'passphrase', passphrase: secret.passphrase };
}

/** The data key of `set`, or null when the secret does not open it. */
export async function unwrapKeySet(vaultId: string, set: KeySet, secret: CheckedSecret): Promise<Buffer | null> {
  const ids = { vaultId, dataKeyId: set.dataKeyId };
  if (secret.kind === 'passphrase') return openPassphraseWrap(ids, set.passphrase, secret.passphrase);
  return set.recovery ? openRecoveryWrap(ids, set.recovery, secret.secret) : null;
}

export function wipeSecret(secret: CheckedSecret): void {
  if (secret.kind === 'recovery') secret.secret.fill(0);
}
