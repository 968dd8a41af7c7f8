import type { Migration } from './migration.js';

/**
 * The audit log (electron/core/audit): append-only, hash-chained entries.
 * `hash` = SHA-256 over the entry's canonical encoding including `prev_hash`
 * (see audit/entry-hash.ts), so editing, removing or reordering an entry
 * breaks the chain. Triggers refuse UPDATE and DELETE; the chain check is
 * what catches edits made around them (e.g. with another SQLite tool).
 * `at` is unix milliseconds; `data` is canonical JSON (no secrets, no record
 * values: ids, addresses, hashes, terms, reasons).
 */
export const migration002AuditLog: Migration = {
  version: 2,
  name: 'audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
        at        INTEGER NOT NULL,
        type      TEXT    NOT NULL,
        subject   TEXT,
        data      TEXT    NOT NULL,
        prev_hash BLOB    NOT NULL CHECK (length(prev_hash) = 32),
        hash      BLOB    NOT NULL UNIQUE CHECK (length(hash) = 32)
      ) STRICT;

      CREATE INDEX audit_log_subject ON audit_log (subject, seq);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
  },
};
