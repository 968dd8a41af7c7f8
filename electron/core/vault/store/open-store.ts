import type { Connection } from './database.js';
import { connect } from './database.js';

export interface OpenStoreOptions {
  /** Create the file when absent (only when creating a vault). */
  create?: boolean;
  /** Page cache in KiB (default 16 MiB). */
  cacheKiB?: number;
}

/**
 * Opens the vault database. With a 32-byte `key` it is SQLCipher 4 (raw key,
 * no KDF: the key is random); with `null` it is plain SQLite with the same
 * settings — that is for the benchmark and for byte-level tests only, never
 * for a user's vault.
 *
 * Throws the raw SqliteError (SQLITE_NOTADB for a wrong key); callers map it.
 */
export function openStore(file: string, key: Buffer | null, opts: OpenStoreOptions = {}): Connection {
  const db = connect(file, { create: opts.create ?? false });
  try {
    if (key) applyKey(db, key);
    // First read: fails here (SQLITE_NOTADB) when the key is wrong.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    applySettings(db, opts.cacheKiB ?? 16 * 1024);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function applyKey(db: Connection, key: Buffer): void {
  if (key.length !== 32) throw new RangeError('vault data key must be 32 bytes');
  db.pragma("cipher='sqlcipher'");
  db.pragma('legacy=4');
  // Raw-key syntax x'<hex>' built in a buffer we can wipe (a JS string could not be).
  const spec = rawKeySpec(key);
  try {
    db.key(spec);
  } finally {
    spec.fill(0);
  }
}

/** `x'<64 hex digits>'` as bytes, for sqlite3_key / sqlite3_rekey. */
export function rawKeySpec(key: Buffer): Buffer {
  const spec = Buffer.alloc(3 + key.length * 2);
  spec.write("x'", 0, 'latin1');
  const hex = '0123456789abcdef';
  for (let i = 0; i < key.length; i++) {
    const b = key[i] as number;
    spec[2 + i * 2] = hex.charCodeAt(b >> 4);
    spec[3 + i * 2] = hex.charCodeAt(b & 15);
  }
  spec.write("'", spec.length - 1, 'latin1');
  return spec;
}

function applySettings(db: Connection, cacheKiB: number): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`could not switch the vault database to WAL (got ${String(mode)})`);
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma(`cache_size = -${Math.max(1024, Math.floor(cacheKiB))}`);
  db.pragma('busy_timeout = 1000');
}
