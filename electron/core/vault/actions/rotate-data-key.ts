/**
 * Data-key rotation: the database is re-encrypted under a new random key and
 * a new recovery key is issued (the old one must stop working). Crash-safe:
 *
 *  1. keys.json gets a `pending` key set (the new key under the passphrase
 *     and a new recovery key) next to the current one;
 *  2. the database is rekeyed (out of WAL, `rekey`, back to WAL);
 *  3. keys.json is rewritten with the pending set as current.
 *
 * If the process dies between 1 and 3, unlocking with the passphrase finds
 * which key opens the database and settles keys.json (see unlock-vault.ts).
 */
import { randomBytes } from 'node:crypto';
import type { WrongPassphraseError } from '../errors.js';
import type { KeyFile, KeySet } from '../keys/key-file-schema.js';
import { createKeySet } from '../keys/wraps.js';
import type { VaultSession } from '../session.js';
import { rekey } from '../store/maintenance.js';
import { mapSqliteError } from '../store/sqlite-errors.js';
import { assertCurrentPassphrase, replaceKeyFile } from './key-file-update.js';

export type RotateDataKeyParameters = [passphrase: string];
export interface RotateDataKeyReturnType {
  /** The new recovery key, shown once. The old one no longer works. */
  recoveryKey: string;
}
export type RotateDataKeyErrorType = WrongPassphraseError;

export async function rotateDataKey(session: VaultSession, passphrase: string): Promise<RotateDataKeyReturnType> {
  session.assertIdle();
  session.rotating = true;
  try {
    return await session.serializeKeyFileUpdate(async () => {
      await assertCurrentPassphrase(session, passphrase);
      const newDk = randomBytes(32);
      try {
        const { keySet, recoveryKey } = await createKeySet(session.keyFile.vaultId, newDk, passphrase, session.options.kdf, session.options.now());
        await writePendingKeySet(session, keySet);
        try {
          rekeyDatabase(session, newDk);
        } catch (e) {
          await dropPendingKeySet(session);
          throw e;
        }
        await promotePendingKeySet(session, newDk);
        return { recoveryKey };
      } finally {
        newDk.fill(0);
      }
    });
  } finally {
    session.rotating = false;
  }
}

/** Step 1 (internal, exported for crash tests). */
export async function writePendingKeySet(session: VaultSession, pending: KeySet): Promise<void> {
  session.assertOpen();
  await replaceKeyFile(session, { ...session.keyFile, pending });
}

/** Step 2 (internal, exported for crash tests): re-encrypts vault.db under `newDk`. */
export function rekeyDatabase(session: VaultSession, newDk: Buffer): void {
  session.assertOpen();
  try {
    rekey(session.db, newDk);
  } catch (e) {
    throw mapSqliteError(e);
  }
}

/**
 * Step 3 (internal): the pending set becomes current and the session uses
 * `newDk` (copied; the caller wipes its own buffer). A keychain wrap is
 * dropped, because it sealed the old key.
 */
export async function promotePendingKeySet(session: VaultSession, newDk: Buffer): Promise<void> {
  const kf = session.keyFile;
  if (!kf.pending) throw new Error('no pending key set to promote');
  const next: KeyFile = { format: kf.format, version: kf.version, vaultId: kf.vaultId, current: kf.pending };
  await replaceKeyFile(session, next);
  session.dk.set(newDk);
  session.recoveryKeyMissing = next.current.recovery === undefined;
}

async function dropPendingKeySet(session: VaultSession): Promise<void> {
  const { pending: _dropped, ...rest } = session.keyFile;
  await replaceKeyFile(session, rest);
}
