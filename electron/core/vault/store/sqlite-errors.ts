import { WalletError } from '../../errors.js';
import { DatabaseCorruptError, VaultBusyError, VaultStorageError } from '../errors.js';
import { SqliteError } from './database.js';

/** SQLite result code of an error from the binding, if it is one. */
export function sqliteCode(e: unknown): string | undefined {
  return e instanceof SqliteError ? e.code : undefined;
}

/**
 * Maps raw SQLite errors to ours at the boundary. Only the result code goes
 * into `details`; SQLite messages can quote SQL, so they are kept as `cause`.
 * Anything else is returned unchanged.
 */
export function mapSqliteError(e: unknown): unknown {
  if (e instanceof WalletError) return e;
  const code = sqliteCode(e);
  if (!code) return e;
  const params = { cause: e, details: `SQLite result code ${code}` };
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return new DatabaseCorruptError(params);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new VaultBusyError('another connection is writing to the vault database', params);
  }
  if (code === 'SQLITE_FULL') return new VaultStorageError('the disk is full', params);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
    return new VaultStorageError(`input/output error (${code})`, params);
  }
  return e;
}
