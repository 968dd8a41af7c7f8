/**
 * Whole-database operations: integrity check, checkpoint, compaction and
 * rekeying. Like reads.ts and writes.ts, the only place these statements live.
 */
import { type Connection, SqliteError } from './database.js';
import { rawKeySpec } from './open-store.js';

/** `PRAGMA quick_check`: true when the database is structurally sound. */
export function quickCheck(db: Connection): boolean {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  return rows.length === 1 && rows[0]?.quick_check === 'ok';
}

/** Copies the WAL into the database and truncates it to zero bytes. */
export function checkpointTruncate(db: Connection): { busy: boolean } {
  const row = (db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0];
  return { busy: (row?.busy ?? 0) !== 0 };
}

/**
 * Rewrites the database without free pages, then checkpoints so neither the
 * file nor the WAL keeps old page images. With secure_delete on, deleted
 * content was already zeroed in place; this also drops the pages.
 */
export function compact(db: Connection): { busy: boolean } {
  checkpointTruncate(db);
  db.exec('VACUUM');
  return checkpointTruncate(db);
}

/**
 * Switches out of WAL into a rollback journal, which SQLCipher needs to
 * rekey. False while another connection (another process) has the database
 * open: leaving WAL needs the only connection.
 */
export function tryLeaveWal(db: Connection): boolean {
  checkpointTruncate(db);
  try {
    return db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch (e) {
    if (e instanceof SqliteError && e.code.startsWith('SQLITE_BUSY')) return false;
    throw e;
  }
}

/**
 * Re-encrypts every page under `newKey` (atomically, through the rollback
 * journal) and switches back to WAL. Call after {@link tryLeaveWal} returned true.
 */
export function rekeyOutOfWal(db: Connection, newKey: Buffer): void {
  const mode = db.pragma('journal_mode', { simple: true });
  if (mode !== 'delete') throw new Error(`rekey needs the rollback journal (journal_mode is ${String(mode)})`);
  const spec = rawKeySpec(newKey);
  try {
    db.rekey(spec);
  } finally {
    spec.fill(0);
    db.pragma('journal_mode = WAL');
  }
}
