/**
 * "Unlock with the system keychain": the data key wrapped a third time, under
 * a key the OS keychain seals (the shell passes Electron's safeStorage as a
 * KeychainSealer; the core never imports Electron). The wrap is written into
 * keys.json under the key-file lock like every other key change, so the
 * passphrase and recovery wraps stay exactly as they were.
 */
import type { KeyFileBusyError, KeyFileChangedError, WrongPassphraseError } from '../errors.js';
import { createKeychainWrap, type KeychainSealer } from '../keys/keychain-wrap.js';
import type { VaultSession } from '../session.js';
import { assertCurrentPassphrase, replaceKeyFile, updateKeyFile } from './key-file-update.js';

export type EnableKeychainUnlockParameters = [passphrase: string, sealer: KeychainSealer];
export type EnableKeychainUnlockErrorType = WrongPassphraseError | KeyFileBusyError | KeyFileChangedError;

/** Adds (or replaces) the keychain wrap after checking the passphrase; returns the keychain backend used. */
export async function enableKeychainUnlock(session: VaultSession, passphrase: string, sealer: KeychainSealer): Promise<{ backend: string }> {
  return updateKeyFile(session, async (txn) => {
    await assertCurrentPassphrase(session, passphrase);
    const kf = session.keyFile;
    const wrap = createKeychainWrap({ vaultId: kf.vaultId, dataKeyId: kf.current.dataKeyId }, session.dk, sealer);
    await replaceKeyFile(session, txn, { ...kf, current: { ...kf.current, keychain: wrap } });
    return { backend: wrap.backend };
  });
}

/** Removes the keychain wrap; true when there was one. */
export async function disableKeychainUnlock(session: VaultSession): Promise<boolean> {
  return updateKeyFile(session, async (txn) => {
    const kf = session.keyFile;
    if (!kf.current.keychain) return false;
    const { keychain: _removed, ...current } = kf.current;
    await replaceKeyFile(session, txn, { ...kf, current });
    return true;
  });
}
