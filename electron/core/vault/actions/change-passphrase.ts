import type { WeakPassphraseError, WrongPassphraseError } from '../errors.js';
import { createPassphraseWrap } from '../keys/wraps.js';
import { assertPassphraseAcceptable } from '../passphrase-policy.js';
import type { VaultSession } from '../session.js';
import { assertCurrentPassphrase, replaceKeyFile } from './key-file-update.js';

export type ChangePassphraseParameters = [current: string, next: string];
export type ChangePassphraseErrorType = WrongPassphraseError | WeakPassphraseError;

/**
 * Replaces the passphrase wrap of the data key. Only keys.json changes; the
 * database is not touched. The recovery key and a keychain wrap stay valid.
 */
export async function changePassphrase(session: VaultSession, current: string, next: string): Promise<void> {
  assertPassphraseAcceptable(next);
  await session.serializeKeyFileUpdate(async () => {
    await assertCurrentPassphrase(session, current);
    await setPassphrase(session, next);
  });
}

/**
 * Sets a new passphrase wrap without asking for the old passphrase; for
 * callers that have authenticated otherwise (recovery). Internal.
 */
export async function setPassphrase(session: VaultSession, next: string): Promise<void> {
  assertPassphraseAcceptable(next);
  const kf = session.keyFile;
  const wrap = await createPassphraseWrap(
    { vaultId: kf.vaultId, dataKeyId: kf.current.dataKeyId },
    session.dk,
    next,
    session.options.kdf,
  );
  session.assertOpen();
  await replaceKeyFile(session, { ...kf, current: { ...kf.current, passphrase: wrap } });
}
