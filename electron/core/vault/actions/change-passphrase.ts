import type { KeyFileBusyError, KeyFileChangedError, WeakPassphraseError, WrongPassphraseError } from '../errors.js';
import type { KeyFileTransaction } from '../keys/key-file-lock.js';
import { createPassphraseWrap } from '../keys/wraps.js';
import { assertPassphraseAcceptable } from '../passphrase-policy.js';
import type { VaultSession } from '../session.js';
import { assertCurrentPassphrase, replaceKeyFile, updateKeyFile } from './key-file-update.js';

export type ChangePassphraseParameters = [current: string, next: string];
export type ChangePassphraseErrorType = WrongPassphraseError | WeakPassphraseError | KeyFileBusyError | KeyFileChangedError;

/**
 * Replaces the passphrase wrap of the data key. Only keys.json changes; the
 * database is not touched. The recovery key and a keychain wrap stay valid.
 * `current` is checked against keys.json as it is now (another process may
 * have changed the passphrase since this vault was unlocked).
 */
export async function changePassphrase(session: VaultSession, current: string, next: string): Promise<void> {
  assertPassphraseAcceptable(next);
  await updateKeyFile(session, async (txn) => {
    await assertCurrentPassphrase(session, current);
    await setPassphraseLocked(session, txn, next);
  });
}

/**
 * Sets a new passphrase wrap without asking for the old passphrase; for
 * callers that have authenticated otherwise (recovery). Internal.
 */
export async function setPassphrase(session: VaultSession, next: string): Promise<void> {
  assertPassphraseAcceptable(next);
  await updateKeyFile(session, (txn) => setPassphraseLocked(session, txn, next));
}

async function setPassphraseLocked(session: VaultSession, txn: KeyFileTransaction, next: string): Promise<void> {
  const kf = session.keyFile;
  const wrap = await createPassphraseWrap(
    { vaultId: kf.vaultId, dataKeyId: kf.current.dataKeyId },
    session.dk,
    next,
    session.options.kdf,
  );
  session.assertOpen();
  await replaceKeyFile(session, txn, { ...kf, current: { ...kf.current, passphrase: wrap } });
}
