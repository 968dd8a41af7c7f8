import { chmod } from 'node:fs/promises';
import { DatabaseCorruptError } from '../errors.js';
import { errnoCode } from '../keys/atomic-file.js';
import type { VaultPaths } from '../paths.js';
import { migrate, schemaVersion } from '../migrations/migrate.js';
import type { Connection } from '../store/database.js';
import { quickCheck } from '../store/maintenance.js';
import { openStore } from '../store/open-store.js';
import { mapSqliteError, sqliteCode } from '../store/sqlite-errors.js';

/** The main connection's page cache. */
export const MAIN_CACHE_KIB = 16 * 1024;

/**
 * Opens an existing vault database with `dk`. Returns null when the key does
 * not decrypt it (SQLITE_NOTADB); maps other SQLite errors to ours.
 */
export function tryOpenDatabase(file: string, dk: Buffer): Connection | null {
  try {
    return openStore(file, dk, { cacheKiB: MAIN_CACHE_KIB });
  } catch (e) {
    if (sqliteCode(e) === 'SQLITE_NOTADB') return null;
    throw mapSqliteError(e);
  }
}

/**
 * Checks an opened database and brings its schema up to date. Closes the
 * connection before throwing (DatabaseCorruptError, VaultNewerThanAppError).
 */
export function prepareDatabase(db: Connection, opts: { existing: boolean; verify: 'quick' | 'none' }): void {
  try {
    if (opts.existing && schemaVersion(db) === 0) {
      throw new DatabaseCorruptError({ details: 'vault.db is empty (schema version 0)' });
    }
    if (opts.verify === 'quick' && !quickCheck(db)) {
      throw new DatabaseCorruptError({ details: 'PRAGMA quick_check failed' });
    }
    migrate(db);
  } catch (e) {
    db.close();
    throw mapSqliteError(e);
  }
}

/**
 * The vault folder 0700 and the database files 0600, also when the folder
 * was made by the user or by an older version. SQLite creates -wal and -shm
 * with the mode of vault.db. A file that is absent is skipped; a file owned
 * by someone else (EPERM) is left as it is.
 */
export async function tightenFileModes(paths: VaultPaths): Promise<void> {
  const targets: [string, number][] = [
    [paths.dir, 0o700],
    [paths.db, 0o600],
    [paths.wal, 0o600],
    [paths.shm, 0o600],
  ];
  for (const [file, mode] of targets) {
    try {
      await chmod(file, mode);
    } catch (e) {
      if (!['ENOENT', 'EPERM', 'ENOTSUP'].includes(errnoCode(e) ?? '')) throw e;
    }
  }
}
