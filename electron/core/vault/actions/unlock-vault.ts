import {
  DatabaseCorruptError,
  DatabaseMissingError,
  KeyFileMissingError,
  KeyRotationIncompleteError,
  VaultNotFoundError,
  WrongPassphraseError,
  WrongRecoveryKeyError,
} from '../errors.js';
import { fileExists } from '../fs-exists.js';
import type { KeyFile } from '../keys/key-file-schema.js';
import { readKeyFile, writeKeyFile } from '../keys/key-file-io.js';
import { type CheckedSecret, checkUnlockSecret, type UnlockSecret, unwrapKeySet, wipeSecret } from '../keys/unlock-secret.js';
import { resolveVaultOptions, type VaultOptions } from '../options.js';
import { type VaultPaths, vaultPaths } from '../paths.js';
import { VaultSession } from '../session.js';
import type { Connection } from '../store/database.js';
import { mapSqliteError } from '../store/sqlite-errors.js';
import { Vault } from '../vault.js';
import { prepareDatabase, tryOpenDatabase } from './open-database.js';

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
  | DatabaseCorruptError;

/**
 * Unlocks a vault with the passphrase or the recovery key. A wrong secret
 * changes nothing on disk. If a data-key rotation was interrupted, this
 * finishes it (with the passphrase) or drops its leftovers.
 */
export async function unlockVault(dir: string, secret: UnlockSecret, opts?: VaultOptions): Promise<Vault> {
  const options = resolveVaultOptions(opts);
  const paths = vaultPaths(dir);
  await assertVaultFiles(paths);
  const keyFile = await readKeyFile(paths.keys);
  const checked = checkUnlockSecret(secret);
  // Before opening: a WAL left behind means the last session did not close cleanly.
  const uncleanShutdown = options.verifyOnUnlock === 'auto' && (await fileExists(paths.wal));
  const verify = options.verifyOnUnlock === 'quick' || uncleanShutdown ? 'quick' : 'none';
  try {
    const dk = await unwrapKeySet(keyFile.vaultId, keyFile.current, checked);
    if (!dk) throw checked.kind === 'passphrase' ? new WrongPassphraseError() : new WrongRecoveryKeyError();
    const opened = await openDatabaseSettlingRotation(paths, keyFile, dk, checked);
    try {
      prepareDatabase(opened.db, { existing: true, verify });
    } catch (e) {
      opened.dk.fill(0);
      throw e;
    }
    const session = new VaultSession({ paths, options, keyFile: opened.keyFile, dk: opened.dk, db: opened.db });
    try {
      session.writes.markRunningJobsInterrupted(options.now());
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
 * Opens vault.db with the current data key. When a rotation left a pending
 * key set: if the current key still opens the database, the rotation never
 * rekeyed and the pending set is dropped; otherwise the pending key (opened
 * with the same passphrase) is tried and, if it works, promoted. Its recovery
 * wrap is dropped because the new recovery key was never shown.
 */
async function openDatabaseSettlingRotation(
  paths: VaultPaths,
  keyFile: KeyFile,
  dk: Buffer,
  secret: CheckedSecret,
): Promise<OpenedDatabase> {
  const db = tryOpenDatabase(paths.db, dk);
  if (db) {
    if (!keyFile.pending) return { db, dk, keyFile };
    const { pending: _dropped, ...settled } = keyFile;
    await writeOrClose(paths, settled, db);
    return { db, dk, keyFile: settled };
  }
  dk.fill(0);
  const pending = keyFile.pending;
  if (pending) {
    if (secret.kind === 'recovery') throw new KeyRotationIncompleteError();
    const pendingDk = await unwrapKeySet(keyFile.vaultId, pending, secret);
    const pendingDb = pendingDk ? tryOpenDatabase(paths.db, pendingDk) : null;
    if (pendingDk && pendingDb) {
      const promoted: KeyFile = {
        format: keyFile.format,
        version: keyFile.version,
        vaultId: keyFile.vaultId,
        current: { ...pending, recovery: undefined, keychain: undefined },
      };
      await writeOrClose(paths, promoted, pendingDb);
      return { db: pendingDb, dk: pendingDk, keyFile: promoted };
    }
    pendingDk?.fill(0);
  }
  throw new DatabaseCorruptError({ details: 'the unwrapped data key does not decrypt vault.db' });
}

async function writeOrClose(paths: VaultPaths, keyFile: KeyFile, db: Connection): Promise<void> {
  try {
    await writeKeyFile(paths.keys, keyFile);
  } catch (e) {
    db.close();
    throw e;
  }
}
