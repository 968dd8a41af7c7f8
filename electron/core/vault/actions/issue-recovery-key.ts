import type { KeyFileBusyError, KeyFileChangedError, WrongPassphraseError } from '../errors.js';
import { createRecoveryWrap } from '../keys/wraps.js';
import type { VaultSession } from '../session.js';
import { assertCurrentPassphrase, replaceKeyFile, updateKeyFile } from './key-file-update.js';

export type IssueRecoveryKeyParameters = [passphrase: string];
export interface IssueRecoveryKeyReturnType {
  /** Shown once; the previous recovery key stops working. */
  recoveryKey: string;
}
export type IssueRecoveryKeyErrorType = WrongPassphraseError | KeyFileBusyError | KeyFileChangedError;

/** Replaces the recovery key (e.g. after losing it, or after an interrupted rotation). */
export async function issueRecoveryKey(session: VaultSession, passphrase: string): Promise<IssueRecoveryKeyReturnType> {
  return updateKeyFile(session, async (txn) => {
    await assertCurrentPassphrase(session, passphrase);
    const kf = session.keyFile;
    const { wrap, recoveryKey } = createRecoveryWrap({ vaultId: kf.vaultId, dataKeyId: kf.current.dataKeyId }, session.dk);
    await replaceKeyFile(session, txn, { ...kf, current: { ...kf.current, recovery: wrap } });
    return { recoveryKey };
  });
}
