import path from 'node:path';

/** The files that make up a vault inside its folder. */
export interface VaultPaths {
  dir: string;
  /** Wrapped data keys (JSON, no secrets in clear). */
  keys: string;
  /** SQLCipher database. */
  db: string;
  wal: string;
  shm: string;
  /** Rollback journal, present only transiently (e.g. during a rekey). */
  journal: string;
  /** Cross-process lock for keys.json updates (an empty SQLite file; see store/file-lock.ts). */
  keysLock: string;
}

export const KEY_FILE_NAME = 'keys.json';
export const DB_FILE_NAME = 'vault.db';
export const KEYS_LOCK_FILE_NAME = 'keys.lock';

export function vaultPaths(dir: string): VaultPaths {
  const abs = path.resolve(dir);
  const db = path.join(abs, DB_FILE_NAME);
  return {
    dir: abs,
    keys: path.join(abs, KEY_FILE_NAME),
    db,
    wal: `${db}-wal`,
    shm: `${db}-shm`,
    journal: `${db}-journal`,
    keysLock: path.join(abs, KEYS_LOCK_FILE_NAME),
  };
}
