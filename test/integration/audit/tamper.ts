/** Raw-SQL tampering with the audit log, as a SQLite tool with the key could do it (test helper). */
import { randomBytes } from 'node:crypto';
import { auditEntryHash } from '../../../electron/core/audit/entry-hash.js';
import type { Connection, Vault } from '../../../electron/core/vault/index.js';

type Row = { seq: number; at: number; type: string; subject: string | null; data: string; prev_hash: Buffer; hash: Buffer };

/** Runs raw SQL against the vault with the append-only triggers removed. */
export function tamper(vault: Vault, fn: (db: Connection) => void): void {
  vault.withDatabase((db) => {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    fn(db);
  }, { write: true });
}

export function rowAt(vault: Vault, seq: number): Row {
  return vault.withDatabase((db) => db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Row, { write: false });
}

export function maxSeq(vault: Vault): number {
  return vault.withDatabase((db) => (db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0, { write: false });
}

export const edit = {
  data: (vault: Vault, seq: number) => tamper(vault, (db) => db.prepare("UPDATE audit_log SET data = data || ' ' WHERE seq = ?").run(seq)),
  type: (vault: Vault, seq: number) =>
    tamper(vault, (db) =>
      db.prepare("UPDATE audit_log SET type = CASE type WHEN 'request.approved' THEN 'request.declined' ELSE 'request.approved' END WHERE seq = ?").run(seq),
    ),
  at: (vault: Vault, seq: number) => tamper(vault, (db) => db.prepare('UPDATE audit_log SET at = at + 1 WHERE seq = ?').run(seq)),
  subject: (vault: Vault, seq: number) =>
    tamper(vault, (db) => db.prepare("UPDATE audit_log SET subject = coalesce(subject, '') || 'x' WHERE seq = ?").run(seq)),
  hash: (vault: Vault, seq: number) => tamper(vault, (db) => db.prepare('UPDATE audit_log SET hash = ? WHERE seq = ?').run(randomBytes(32), seq)),
  prevHash: (vault: Vault, seq: number) => tamper(vault, (db) => db.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = ?').run(randomBytes(32), seq)),
};

export function remove(vault: Vault, seq: number): void {
  tamper(vault, (db) => db.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq));
}

/** Removes entry `seq` and renumbers the later ones down to close the gap. */
export function removeAndRenumber(vault: Vault, seq: number): void {
  const last = maxSeq(vault);
  tamper(vault, (db) => {
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq);
    for (let s = seq + 1; s <= last; s++) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(s - 1, s);
  });
}

export function swap(vault: Vault, a: number, b: number): void {
  tamper(vault, (db) => {
    const parking = 1_000_000;
    db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(parking, a);
    db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(a, b);
    db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(b, parking);
  });
}

export function truncate(vault: Vault, newest: number): void {
  const last = maxSeq(vault);
  tamper(vault, (db) => db.prepare('DELETE FROM audit_log WHERE seq > ?').run(last - newest));
}

/**
 * Slips a forged, self-consistent entry in at `seq` (chained to the entry
 * before it, hash computed with the real scheme) and renumbers the later
 * entries up by one. With `seq` past the end it is simply appended.
 */
export function insertForged(vault: Vault, seq: number): void {
  const last = maxSeq(vault);
  const prev = seq === 1 ? Buffer.alloc(32) : rowAt(vault, seq - 1).hash;
  const forged = { seq, at: 1_700_000_000_000, type: 'request.approved', subject: 'forged', data: '{"forged":true}', prevHash: prev };
  tamper(vault, (db) => {
    for (let s = last; s >= seq; s--) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(s + 1, s);
    db.prepare('INSERT INTO audit_log (seq, at, type, subject, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      forged.seq,
      forged.at,
      forged.type,
      forged.subject,
      forged.data,
      forged.prevHash,
      auditEntryHash(forged),
    );
  });
}

/** Appends a self-consistent entry whose prev_hash links to nothing. */
export function appendUnlinked(vault: Vault): void {
  const seq = maxSeq(vault) + 1;
  const forged = { seq, at: 1, type: 'lease.settled', subject: null, data: '{}', prevHash: randomBytes(32) };
  tamper(vault, (db) =>
    db
      .prepare('INSERT INTO audit_log (seq, at, type, subject, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(forged.seq, forged.at, forged.type, forged.subject, forged.data, forged.prevHash, auditEntryHash(forged)),
  );
}

/** Empties the log and its anchor (between property-test runs). */
export function resetLog(vault: Vault): void {
  tamper(vault, (db) => db.exec('DELETE FROM audit_log'));
  vault.settings.delete('audit.head');
}
