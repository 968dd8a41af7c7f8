import { DatabaseCorruptError } from '../errors.js';
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
