/**
 * A cross-process lock on a file, held through SQLite's own file locking
 * (POSIX advisory locks, LockFileEx on Windows): an EXCLUSIVE transaction on
 * a small plain SQLite file. The operating system drops the lock when its
 * process dies, so a crash (kill -9) never leaves a stale lock behind, and
 * two connections in one process exclude each other as well.
 */
import { closeSync, openSync } from 'node:fs';
import type { Connection } from './database.js';
import { connect } from './database.js';
import { sqliteCode } from './sqlite-errors.js';

export interface FileLock {
  /** Releases the lock; idempotent. */
  release(): void;
}

/** Takes the lock if nobody holds it; null when another connection does. */
export function tryLockFile(file: string): FileLock | null {
  // Create it 0600 ourselves: SQLite would create it with the umask's mode.
  closeSync(openSync(file, 'a', 0o600));
  const db: Connection = connect(file, { create: true });
  try {
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if (sqliteCode(e)?.startsWith('SQLITE_BUSY')) return null;
    throw e;
  }
  let held = true;
  return {
    release: () => {
      if (!held) return;
      held = false;
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}

/**
 * Waits up to `waitMs` (polling, without blocking the event loop) for the
 * lock; null when it is still held by someone else after that.
 */
export async function lockFile(file: string, waitMs: number, pollMs = 25): Promise<FileLock | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lock = tryLockFile(file);
    if (lock || Date.now() >= deadline) return lock;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
