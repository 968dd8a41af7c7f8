/**
 * The audit log's SQL, behind typed reads and writes over the vault's
 * connection (the table comes from vault migration 002). Nothing else in the
 * audit module builds SQL.
 */
import type { Connection, Statement } from '../vault/store/database.js';

/** A row of audit_log as stored. */
export interface AuditRow {
  seq: number;
  at: number;
  type: string;
  subject: string | null;
  data: string;
  prev_hash: Buffer;
  hash: Buffer;
}

export interface AuditStore {
  insert(row: AuditRow): void;
  /** The entry with the highest seq, or undefined when the log is empty. */
  tail(): Pick<AuditRow, 'seq' | 'hash'> | undefined;
  /** Entries with seq > afterSeq, ascending, at most `limit`. */
  page(afterSeq: number, limit: number): AuditRow[];
  /** Like page(), only entries with this subject. */
  pageBySubject(subject: string, afterSeq: number, limit: number): AuditRow[];
  /** Hash of the entry stored at `seq`, if any. */
  hashAt(seq: number): Buffer | undefined;
  /** Seq of the entry stored with this hash, if any (hash is UNIQUE). */
  seqOfHash(hash: Uint8Array): number | undefined;
  count(): number;
}

const COLUMNS = 'seq, at, type, subject, data, prev_hash, hash';

const stores = new WeakMap<Connection, AuditStore>();

/** The store of one connection; statements are prepared once per connection. */
export function auditStore(db: Connection): AuditStore {
  let store = stores.get(db);
  if (!store) {
    store = createAuditStore(db);
    stores.set(db, store);
  }
  return store;
}

function createAuditStore(db: Connection): AuditStore {
  const insert = db.prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (@seq, @at, @type, @subject, @data, @prev_hash, @hash)`);
  const tail = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1') as Statement<[], Pick<AuditRow, 'seq' | 'hash'>>;
  const page = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`) as Statement<[number, number], AuditRow>;
  const pageBySubject = db.prepare(
    `SELECT ${COLUMNS} FROM audit_log WHERE subject = ? AND seq > ? ORDER BY seq LIMIT ?`,
  ) as Statement<[string, number, number], AuditRow>;
  const hashAt = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck() as Statement<[number], Buffer>;
  const seqOfHash = db.prepare('SELECT seq FROM audit_log WHERE hash = ?').pluck() as Statement<[Uint8Array], number>;
  const count = db.prepare('SELECT count(*) FROM audit_log').pluck() as Statement<[], number>;
  return {
    insert: (row) => void insert.run(row),
    tail: () => tail.get(),
    page: (afterSeq, limit) => page.all(afterSeq, limit),
    pageBySubject: (subject, afterSeq, limit) => pageBySubject.all(subject, afterSeq, limit),
    hashAt: (seq) => hashAt.get(seq),
    seqOfHash: (hash) => seqOfHash.get(hash),
    count: () => count.get() ?? 0,
  };
}
