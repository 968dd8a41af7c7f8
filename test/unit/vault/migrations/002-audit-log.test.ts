import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../electron/core/vault/migrations/index.js';
import { migrate } from '../../../../electron/core/vault/migrations/migrate.js';
import { migration001Initial } from '../../../../electron/core/vault/migrations/001-initial.js';
import { migration002AuditLog } from '../../../../electron/core/vault/migrations/002-audit-log.js';
import type { Connection } from '../../../../electron/core/vault/store/database.js';
import { plainStorePerTest } from '../../../helpers/plain-store.js';

describe('migration 002-audit-log', () => {
  let db: Connection;
  plainStorePerTest((opened) => {
    db = opened;
    db.transaction(() => {
      migration001Initial.up(db);
      migration002AuditLog.up(db);
    })();
  });

  const insert = (seq: number, hash: Buffer, prev = Buffer.alloc(32)) =>
    db
      .prepare("INSERT INTO audit_log (seq, at, type, subject, data, prev_hash, hash) VALUES (?, 0, 'lease.expired', NULL, '{}', ?, ?)")
      .run(seq, prev, hash);

  it('is what migrate() runs to bring a version-1 database to version 2', () => {
    const t = new Database(':memory:');
    try {
      migrate(t, [migration001Initial]);
      expect(t.pragma('user_version', { simple: true })).toBe(1);
      expect(t.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'").pluck().get()).toBe(0);
      expect(migrate(t, MIGRATIONS.slice(0, 2))).toEqual({ from: 1, to: 2 });
      expect(t.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'").pluck().get()).toBe(1);
      expect(MIGRATIONS[1]).toBe(migration002AuditLog);
    } finally {
      t.close();
    }
  });

  it('creates audit_log with its columns and the subject index', () => {
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all('audit_log') as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['seq', 'at', 'type', 'subject', 'data', 'prev_hash', 'hash']);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE subject = 'x' AND seq > 0 ORDER BY seq").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('audit_log_subject');
  });

  it('refuses UPDATE and DELETE', () => {
    insert(1, Buffer.alloc(32, 1));
    expect(() => db.prepare("UPDATE audit_log SET data = '{\"x\":1}'").run()).toThrow('the audit log is append-only');
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow('the audit log is append-only');
  });

  it('checks seq, hash sizes, unique hashes and strict types', () => {
    expect(() => insert(0, Buffer.alloc(32, 1))).toThrow(/CHECK/);
    expect(() => insert(1, Buffer.alloc(31, 1))).toThrow(/CHECK/);
    expect(() => insert(1, Buffer.alloc(32, 1), Buffer.alloc(33))).toThrow(/CHECK/);
    insert(1, Buffer.alloc(32, 1));
    expect(() => insert(2, Buffer.alloc(32, 1))).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO audit_log VALUES (3, 'soon', 't', NULL, '{}', zeroblob(32), randomblob(32))").run()).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
  });
});
