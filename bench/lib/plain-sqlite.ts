/**
 * The plain-SQLite baseline for the vault benchmark: the vault's own binding
 * (`better-sqlite3-multiple-ciphers`) with no key, i.e. plain SQLite pages,
 * with the vault's schema and the SAME pragmas as the vault's own
 * connections. Measured equivalent to stock `better-sqlite3` 12.11.1 (same
 * SQLite 3.53.2 and compile options; 300k-row ImportRun CPU ratio 0.995,
 * full-scan CPU ratio 1.014), which was therefore dropped: setup compiles
 * SQLite once. The pragmas are not restated here; they are
 * read back from a reference connection made by the vault's `openStore` and
 * copied, then checked, so the baseline follows the vault if its settings
 * change.
 */
import { rmSync } from 'node:fs';
import PlainDatabase from 'better-sqlite3-multiple-ciphers';
import type { Connection } from '../../electron/core/vault/store/database.js';
import { openStore } from '../../electron/core/vault/store/open-store.js';

/** Settings that affect speed, in the order they must be applied (page_size before the first write). */
const SETTINGS = ['page_size', 'journal_mode', 'synchronous', 'secure_delete', 'foreign_keys', 'temp_store', 'cache_size', 'busy_timeout'] as const;
type Setting = (typeof SETTINGS)[number];
export type StoreSettings = Record<Setting, string>;

interface PragmaConnection {
  pragma(source: string, options: { simple: true }): unknown;
}

export function readSettings(db: PragmaConnection): StoreSettings {
  const out = {} as StoreSettings;
  for (const s of SETTINGS) out[s] = String(db.pragma(s, { simple: true }));
  return out;
}

/** The settings `openStore` applies for a given page cache (read from a throwaway plain store). */
export function vaultStoreSettings(scratchFile: string, cacheKiB: number): StoreSettings {
  const ref = openStore(scratchFile, null, { create: true, cacheKiB });
  try {
    return readSettings(ref);
  } finally {
    ref.close();
    for (const f of [scratchFile, `${scratchFile}-wal`, `${scratchFile}-shm`]) rmSync(f, { force: true });
  }
}

/**
 * Opens (creating) an unencrypted database with `settings` (no key is ever
 * set on it), for the vault's own migrate/ImportRun/reads.
 */
export function openPlainSqlite(file: string, settings: StoreSettings): Connection {
  const db = new PlainDatabase(file);
  try {
    for (const s of SETTINGS) db.pragma(`${s} = ${settings[s]}`);
    const got = readSettings(db);
    const diff = SETTINGS.filter((s) => got[s] !== settings[s]);
    if (diff.length > 0) throw new Error(`plain SQLite baseline: could not match ${diff.join(', ')}`);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
