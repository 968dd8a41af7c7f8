import {
  DatabaseCorruptError,
  DatabaseMissingError,
  type KeyFileBusyError,
  KeyFileMissingError,
  KeyRotationIncompleteError,
  VaultNotFoundError,
  type WrongPassphraseError,
  type WrongRecoveryKeyError,
} from '../errors.js';
import { fileExists } from '../fs-exists.js';
import type { KeyFile } from '../keys/key-file-schema.js';
import { readKeyFile } from '../keys/key-file-io.js';
import { type KeyFileTransaction, withKeyFileLock } from '../keys/key-file-lock.js';
import { type CheckedSecret, checkUnlockSecret, type UnlockSecret, unwrapKeySet, wipeSecret, wrongSecretError } from '../keys/unlock-secret.js';
import { resolveVaultOptions, type VaultOptions } from '../options.js';
import { type VaultPaths, vaultPaths } from '../paths.js';
import { VaultSession } from '../session.js';
import type { Connection } from '../store/database.js';
import { mapSqliteError } from '../store/sqlite-errors.js';
import { Vault } from '../vault.js';
import { prepareDatabase, tightenFileModes, tryOpenDatabase } from './open-database.js';

export type { UnlockSecret } from '../keys/unlock-secret.js';
export type UnlockVaultParameters = [dir: string, secret: UnlockSecret, opts?: VaultOptions];
export type UnlockVaultReturnType = Vault;
export type UnlockVaultErrorType =
  | VaultNotFoundError
  | KeyFileMissingError
  | DatabaseMissingError
  | WrongPassphraseError
  | WrongRecoveryKeyError
  | KeyRotationIncompleteError
  | KeyFileBusyError
  | DatabaseCorruptError;

/**
 * Unlocks a vault with the passphrase, the recovery key or the keychain wrap. A wrong secret
 * changes nothing on disk, and neither does a plain unlock: it takes no
 * write lock, so it works while another process imports. Only when a
 * data-key rotation left a pending key set, or the key does not open the
 * database, it takes the key-file lock (waiting for a rotation that another
 * process is running) and, on a fresh read of keys.json, finishes an
 * interrupted rotation (with the passphrase) or drops its leftovers.
 * `vault.hasRecoveryKey` is false when no recovery key opens the vault.
 */
export async function unlockVault(dir: string, secret: UnlockSecret, opts?: VaultOptions): Promise<Vault> {
  const options = resolveVaultOptions(opts);
  const paths = vaultPaths(dir);
  await assertVaultFiles(paths);
  const checked = checkUnlockSecret(secret);
  // Before opening: a WAL left behind means the last session did not close cleanly.
  const uncleanShutdown = options.verifyOnUnlock === 'auto' && (await fileExists(paths.wal));
  const verify = options.verifyOnUnlock === 'quick' || uncleanShutdown ? 'quick' : 'none';
  try {
    const keyFile = await readKeyFile(paths.keys);
    const opened =
      (await openFast(paths, keyFile, checked)) ??
      (await withKeyFileLock(paths, { waitMs: options.keyFileWaitMs, waitingFor: 'rotating the data key' }, async (txn) =>
        openDatabaseSettlingRotation(paths, txn, await txn.read(), checked),
      ));
    try {
      prepareDatabase(opened.db, { existing: true, verify });
    } catch (e) {
      opened.dk.fill(0);
      throw e;
    }
    await tightenFileModes(paths);
    const session = new VaultSession({ paths, options, keyFile: opened.keyFile, dk: opened.dk, db: opened.db });
    try {
      session.writes.markInterruptedJobsIfIdle(options.now());
    } catch (e) {
      session.close();
      throw mapSqliteError(e);
    }
    return new Vault(session);
  } finally {
    wipeSecret(checked);
  }
}

async function assertVaultFiles(paths: VaultPaths): Promise<void> {
  const [keys, db] = await Promise.all([fileExists(paths.keys), fileExists(paths.db)]);
  if (!keys && !db) throw new VaultNotFoundError({ details: 'neither keys.json nor vault.db is present' });
  if (!keys) throw new KeyFileMissingError();
  if (!db) throw new DatabaseMissingError();
}

interface OpenedDatabase {
  db: Connection;
  dk: Buffer;
  keyFile: KeyFile;
}

/**
 * The common case, without any lock or write: no rotation pending and the
 * current key opens the database. Null when the slow path must decide.
 */
async function openFast(paths: VaultPaths, keyFile: KeyFile, secret: CheckedSecret): Promise<OpenedDatabase | null> {
  const dk = await unwrapKeySet(keyFile.vaultId, keyFile.current, secret);
  if (!dk) {
    // A rotation may have replaced the key set since the file was read: decide under the lock.
    if (keyFile.pending) return null;
    throw wrongSecretError(secret, keyFile.current);
  }
  if (keyFile.pending) {
    dk.fill(0);
    return null;
  }
  const db = tryOpenDatabase(paths.db, dk);
  if (db) return { db, dk, keyFile };
  dk.fill(0);
  return null;
}

/**
 * Under the key-file lock, on a fresh read: opens vault.db with the current
 * data key. When a rotation left a pending key set: if the current key still
 * opens the database, the rotation never rekeyed and the pending set is
 * dropped; otherwise the pending key (opened with the same passphrase) is
 * tried and, if it works, promoted. Its recovery wrap is dropped because the
 * new recovery key was never shown.
 */
async function openDatabaseSettlingRotation(
  paths: VaultPaths,
  txn: KeyFileTransaction,
  keyFile: KeyFile,
  secret: CheckedSecret,
): Promise<OpenedDatabase> {
  const dk = await unwrapKeySet(keyFile.vaultId, keyFile.current, secret);
  if (!dk) throw wrongSecretError(secret, keyFile.current);
  const db = tryOpenDatabase(paths.db, dk);
  if (db) {
    if (!keyFile.pending) return { db, dk, keyFile };
    const { pending: _dropped, ...settled } = keyFile;
    return { db, dk, keyFile: await writeOrClose(txn, settled, db, dk) };
  }
  dk.fill(0);
  const pending = keyFile.pending;
  if (pending) {
    if (secret.kind !== 'passphrase') throw new KeyRotationIncompleteError();
    const pendingDk = await unwrapKeySet(keyFile.vaultId, pending, secret);
    const pendingDb = pendingDk ? tryOpenDatabase(paths.db, pendingDk) : null;
    if (pendingDk && pendingDb) {
      const promoted: KeyFile = {
        format: keyFile.format,
        version: keyFile.version,
        vaultId: keyFile.vaultId,
        current: { ...pending, recovery: undefined, keychain: undefined },
      };
      return { db: pendingDb, dk: pendingDk, keyFile: await writeOrClose(txn, promoted, pendingDb, pendingDk) };
    }
    pendingDk?.fill(0);
  }
  throw new DatabaseCorruptError({ details: 'the unwrapped data key does not decrypt vault.db' });
}

async function writeOrClose(txn: KeyFileTransaction, keyFile: KeyFile, db: Connection, dk: Buffer): Promise<KeyFile> {
  try {
    return await txn.write(keyFile);
  } catch (e) {
    db.close();
    dk.fill(0);
    throw e;
  }
}
