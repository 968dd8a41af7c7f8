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
 * The key-file lock is held from 1 to 3, so no other process settles a
 * rotation that is still running: it waits, or reports KeyFileBusyError.
 */
import { randomBytes } from 'node:crypto';
import type { KeyFileBusyError, KeyFileChangedError, WrongPassphraseError } from '../errors.js';
import type { KeyFileTransaction } from '../keys/key-file-lock.js';
import type { KeyFile, KeySet } from '../keys/key-file-schema.js';
import { createKeySet } from '../keys/wraps.js';
import type { VaultSession } from '../session.js';
import { rekeyOutOfWal, tryLeaveWal } from '../store/maintenance.js';
import { VaultBusyError } from '../errors.js';
import { mapSqliteError } from '../store/sqlite-errors.js';
import { assertCurrentPassphrase, replaceKeyFile, updateKeyFile } from './key-file-update.js';

export type RotateDataKeyParameters = [passphrase: string];
export interface RotateDataKeyReturnType {
  /** The new recovery key, shown once. The old one no longer works. */
  recoveryKey: string;
}
export type RotateDataKeyErrorType = WrongPassphraseError | KeyFileBusyError | KeyFileChangedError | VaultBusyError;

export async function rotateDataKey(session: VaultSession, passphrase: string): Promise<RotateDataKeyReturnType> {
  session.assertIdle();
  session.rotating = true;
  try {
    return await updateKeyFile(session, async (txn) => {
      await assertCurrentPassphrase(session, passphrase);
      const newDk = randomBytes(32);
      try {
        const { keySet, recoveryKey } = await createKeySet(session.keyFile.vaultId, newDk, passphrase, session.options.kdf, session.options.now());
        await writePendingKeySet(session, txn, keySet);
        try {
          await waitForSoleConnection(session);
          rekeyDatabase(session, newDk);
        } catch (e) {
          await dropPendingKeySet(session, txn);
          throw e;
        }
        await promotePendingKeySet(session, txn, newDk);
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
export async function writePendingKeySet(session: VaultSession, txn: KeyFileTransaction, pending: KeySet): Promise<void> {
  session.assertOpen();
  await replaceKeyFile(session, txn, { ...session.keyFile, pending });
}

/** How long a rotation waits for other processes to close the vault. */
const SOLE_CONNECTION_WAIT_MS = 10_000;

/**
 * Step 2a: waits (bounded) until no other process has the database open,
 * leaving WAL mode. New unlocks meanwhile see the pending key set and wait
 * for the key-file lock, so short-lived readers drain away.
 */
async function waitForSoleConnection(session: VaultSession): Promise<void> {
  const deadline = Date.now() + SOLE_CONNECTION_WAIT_MS;
  for (;;) {
    session.assertOpen();
    try {
      if (tryLeaveWal(session.db)) return;
    } catch (e) {
      throw mapSqliteError(e);
    }
    if (Date.now() >= deadline) {
      throw new VaultBusyError('another program has the vault open; close it before rotating the key', {
        details: `waited ${SOLE_CONNECTION_WAIT_MS} ms to leave WAL mode`,
      });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Step 2 (internal, exported for crash tests): re-encrypts vault.db under `newDk`. */
export function rekeyDatabase(session: VaultSession, newDk: Buffer): void {
  session.assertOpen();
  try {
    if (!tryLeaveWal(session.db)) throw new VaultBusyError('another program has the vault open; close it before rotating the key');
    rekeyOutOfWal(session.db, newDk);
  } catch (e) {
    throw mapSqliteError(e);
  }
}

/**
 * Step 3 (internal): the pending set becomes current and the session uses
 * `newDk` (copied; the caller wipes its own buffer). A keychain wrap is
 * dropped, because it sealed the old key.
 */
export async function promotePendingKeySet(session: VaultSession, txn: KeyFileTransaction, newDk: Buffer): Promise<void> {
  const kf = session.keyFile;
  if (!kf.pending) throw new Error('no pending key set to promote');
  const next: KeyFile = { format: kf.format, version: kf.version, vaultId: kf.vaultId, current: kf.pending };
  session.dk.set(newDk);
  await replaceKeyFile(session, txn, next);
}

async function dropPendingKeySet(session: VaultSession, txn: KeyFileTransaction): Promise<void> {
  const { pending: _dropped, ...rest } = session.keyFile;
  await replaceKeyFile(session, txn, rest);
}
