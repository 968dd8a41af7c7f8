/**
 * The audit log: an append-only, hash-chained record of what happened to
 * lease requests and leases, stored in the vault's encrypted database.
 *
 * Each entry's `hash` is SHA-256 over its seq, time, type, subject, data
 * (canonical JSON) and the previous entry's hash (entry-hash.ts), so an
 * entry cannot be edited, removed, moved or slipped in without breaking the
 * chain from that point on. SQL triggers (migration 002) already refuse
 * UPDATE and DELETE through the app; the chain is what catches changes made
 * around them.
 *
 * Head anchor. Deleting the newest entries leaves a shorter chain that is
 * still perfectly consistent, so the chain alone cannot show it. The log
 * therefore keeps `{ seq, hash }` of its newest entry in the vault setting
 * `audit.head`, written in the same transaction as the entry. `verify`
 * compares the chain's end with it, and `append` always continues from the
 * anchor (not from whatever is last in the table), so a gap made by
 * deleting entries stays visible after later appends too.
 *
 * What this protects against, and what not:
 * - It is tamper-evidence for partial changes: a bug in our code, a SQLite
 *   tool run against the unlocked database, a restored half of a backup.
 *   Any edited, removed, reordered or inserted entry, and a cut-off tail
 *   (while the anchor is intact), is reported with its seq.
 * - The whole database is encrypted with the vault's data key, so nobody
 *   without the key can read or change entries at all.
 * - Someone who has the key and knows this scheme can rewrite everything:
 *   recompute every hash from the changed entry on and update the anchor.
 *   The chain uses no secret, and there is no copy outside the vault; an
 *   external witness (e.g. posting the head hash on-chain) would be needed
 *   for that, and is not done here.
 * - Changing or deleting the anchor together with the tail hides a
 *   truncation; a deleted anchor alone is reported only while the log has
 *   entries and no append has rewritten the anchor since.
 *
 * Entries hold facts only (ids, addresses, hashes, terms, reasons), never a
 * secret or a record value: callers are responsible for what they pass, and
 * the log stores exactly that.
 */
import { InvalidQueryError } from '../vault/errors.js';
import type { Vault } from '../vault/vault.js';
import type { Connection } from '../vault/store/database.js';
import { AuditEntryInvalidError, AuditLogCorruptError } from './errors.js';
import { auditEntryHash, canonicalJson, GENESIS_HASH, HASH_BYTES, hashToHex } from './entry-hash.js';
import { auditStore, type AuditRow, type AuditStore } from './store.js';
import {
  AUDIT_ENTRY_TYPES,
  type AuditEntry,
  type AuditEntryInput,
  type AuditEntryType,
  type AuditJson,
  type AuditSink,
} from './types.js';

/** Vault setting that holds the head anchor `{ seq, hash }`. */
export const AUDIT_HEAD_SETTING = 'audit.head';
export const MAX_SUBJECT_LENGTH = 200;
/** Canonical JSON of one entry's data, in UTF-16 code units. Entries are facts, not documents. */
export const MAX_DATA_LENGTH = 16_384;
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;
const VERIFY_PAGE = 1000;

const ENTRY_TYPES: ReadonlySet<string> = new Set(AUDIT_ENTRY_TYPES);
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export interface AuditListQuery {
  /** Only entries about this subject (e.g. a request digest or `lease:<id>`). */
  subject?: string;
  /** Only entries after this seq (for paging: pass the last seq you got). */
  afterSeq?: number;
  /** 1…MAX_LIST_LIMIT, default DEFAULT_LIST_LIMIT. */
  limit?: number;
}

/** The newest entry the log vouches for. */
export interface AuditHead {
  seq: number;
  hash: `0x${string}`;
}

/**
 * How the chain is broken at `seq`:
 * - `edited`: the entry's content no longer matches its hash.
 * - `removed`: the entry at `seq` (and maybe more) is missing.
 * - `reordered`: the entry stored at `seq` was written at another position.
 * - `inserted`: the entry at `seq` (and maybe more) was not written by the log.
 * - `unlinked`: the entry at `seq` does not follow the one before it
 *   (one of the two was replaced or forged).
 * - `truncated`: the newest entries, from `seq` on, are missing.
 * - `anchor-mismatch`: the head anchor is missing, unreadable or names
 *   another entry than the chain ends with.
 */
export type AuditBreakKind = 'edited' | 'removed' | 'reordered' | 'inserted' | 'unlinked' | 'truncated' | 'anchor-mismatch';

export type AuditVerifyResult =
  | {
      ok: true;
      /** Entries checked. */
      count: number;
      /** Null when the log is empty. */
      head: AuditHead | null;
      message: string;
    }
  | {
      ok: false;
      /** Entries that checked out before the break. */
      count: number;
      /** First position that cannot be trusted. */
      seq: number;
      kind: AuditBreakKind;
      message: string;
    };

export class AuditLog implements AuditSink {
  readonly #vault: Vault;
  readonly #now: () => number;

  constructor(vault: Vault, now: () => number) {
    this.#vault = vault;
    this.#now = now;
  }

  /**
   * Appends one entry and moves the head anchor, atomically. Inside a
   * caller's transaction it becomes part of it (a savepoint), so a rollback
   * there takes the entry with it. Throws AuditEntryInvalidError for data
   * that is not plain JSON or too large, VaultLockedError when locked and
   * ImportInProgressError while an import holds the database.
   */
  append(entry: AuditEntryInput): AuditEntry {
    const input = checkInput(entry);
    const at = this.#now();
    if (!Number.isSafeInteger(at) || at < 0) throw new AuditEntryInvalidError('the clock returned a time that is not a whole number of milliseconds');
    return this.#vault.withDatabase(
      (db) =>
        db.transaction((): AuditEntry => {
          const store = auditStore(db);
          const { seq, prevHash } = nextPosition(store, this.#readAnchor());
          const row: AuditRow = {
            seq,
            at,
            type: input.type,
            subject: input.subject,
            data: input.data,
            prev_hash: prevHash,
            hash: auditEntryHash({ seq, at, type: input.type, subject: input.subject, data: input.data, prevHash }),
          };
          store.insert(row);
          this.#vault.settings.set(AUDIT_HEAD_SETTING, { seq, hash: hashToHex(row.hash) });
          return toEntry(row);
        })(),
      { write: true },
    );
  }

  /** Entries in order of seq (oldest first). */
  list(query: AuditListQuery = {}): AuditEntry[] {
    const { subject, afterSeq = 0, limit = DEFAULT_LIST_LIMIT } = query;
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new InvalidQueryError('afterSeq must be a whole number ≥ 0');
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new InvalidQueryError(`limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
    }
    if (subject !== undefined && (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH)) {
      throw new InvalidQueryError(`subject must be 1 to ${MAX_SUBJECT_LENGTH} characters`);
    }
    return this.#vault.withDatabase((db) => {
      const store = auditStore(db);
      const rows = subject === undefined ? store.page(afterSeq, limit) : store.pageBySubject(subject, afterSeq, limit);
      return rows.map(toEntry);
    }, { write: false });
  }

  /** The head anchor: the newest entry the log vouches for (null for an empty log). */
  head(): AuditHead | null {
    const anchor = this.#readAnchor();
    return anchor === 'invalid' ? null : anchor;
  }

  /**
   * Checks the whole chain and the head anchor in one read transaction.
   * Reports the first position that cannot be trusted and the most likely
   * way it was changed; every entry from there on is suspect. Never throws
   * for a damaged log (only VaultLockedError and the like).
   */
  verify(): AuditVerifyResult {
    return this.#vault.withDatabase((db) => db.transaction(() => verifyChain(db, this.#readAnchor()))(), { write: false });
  }

  #readAnchor(): AuditHead | null | 'invalid' {
    const value = this.#vault.settings.get(AUDIT_HEAD_SETTING);
    if (value === undefined) return null;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'invalid';
    const { seq, hash } = value as { seq?: unknown; hash?: unknown };
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return 'invalid';
    if (typeof hash !== 'string' || !/^0x[0-9a-f]{64}$/.test(hash)) return 'invalid';
    return { seq, hash: hash as `0x${string}` };
  }
}

// ---------------------------------------------------------------- append

interface CheckedInput {
  type: AuditEntryType;
  subject: string | null;
  data: string;
}

function checkInput(entry: AuditEntryInput): CheckedInput {
  if (typeof entry !== 'object' || entry === null) throw new AuditEntryInvalidError('the entry must be an object');
  const { type, subject, data } = entry;
  if (typeof type !== 'string' || !ENTRY_TYPES.has(type)) throw new AuditEntryInvalidError('the type is not one of AUDIT_ENTRY_TYPES');
  if (subject !== undefined) {
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) {
      throw new AuditEntryInvalidError(`the subject must be 1 to ${MAX_SUBJECT_LENGTH} characters`);
    }
    if (CONTROL_CHARS.test(subject)) throw new AuditEntryInvalidError('the subject must not contain control characters');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AuditEntryInvalidError('data must be a plain JSON object');
  }
  const json = canonicalJson(data);
  if (json.length > MAX_DATA_LENGTH) throw new AuditEntryInvalidError(`data is longer than ${MAX_DATA_LENGTH} characters as JSON`);
  return { type, subject: subject ?? null, data: json };
}

/**
 * Where the next entry goes. It chains to the anchor when there is one, so a
 * gap left by deleted entries stays visible; its seq is past both the anchor
 * and the table's last entry, so it never collides with a stray row.
 */
function nextPosition(store: AuditStore, anchor: AuditHead | null | 'invalid'): { seq: number; prevHash: Buffer } {
  const tail = store.tail();
  const tailSeq = tail?.seq ?? 0;
  if (anchor !== null && anchor !== 'invalid') {
    return { seq: Math.max(anchor.seq, tailSeq) + 1, prevHash: Buffer.from(anchor.hash.slice(2), 'hex') };
  }
  return { seq: tailSeq + 1, prevHash: tail?.hash ?? GENESIS_HASH };
}

function toEntry(row: AuditRow): AuditEntry {
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch (e) {
    throw new AuditLogCorruptError(row.seq, { cause: e });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new AuditLogCorruptError(row.seq);
  return {
    seq: row.seq,
    at: row.at,
    // Not re-checked against AUDIT_ENTRY_TYPES: a newer app may have added types; verify() vouches for the content.
    type: row.type as AuditEntryType,
    subject: row.subject,
    data: data as { [key: string]: AuditJson },
    prevHash: hashToHex(row.prev_hash),
    hash: hashToHex(row.hash),
  };
}

// ---------------------------------------------------------------- verify

interface Break {
  seq: number;
  kind: AuditBreakKind;
  /** Last position affected, when a range is (removed, inserted, truncated). */
  to?: number;
  /** For `reordered`: where the entry was written. */
  writtenAs?: number;
  /** For `removed`: the entries after the gap were renumbered. */
  renumbered?: boolean;
  /** For `anchor-mismatch`. */
  anchor?: 'missing' | 'unreadable' | 'other-entry';
}

function verifyChain(db: Connection, anchor: AuditHead | null | 'invalid'): AuditVerifyResult {
  const store = auditStore(db);
  let expectedSeq = 1;
  let expectedPrev: Buffer = GENESIS_HASH;
  let count = 0;
  let found: Break | null = null;

  walk: for (let after = 0; ; ) {
    const rows = store.page(after, VERIFY_PAGE);
    if (rows.length === 0) break;
    for (const row of rows) {
      found = checkRow(store, row, expectedSeq, expectedPrev, anchor);
      if (found) break walk;
      count++;
      expectedSeq = row.seq + 1;
      expectedPrev = row.hash;
    }
    after = rows[rows.length - 1]!.seq;
  }
  found ??= checkAnchor(store, anchor, count, expectedPrev);
  if (found) return { ok: false, count, seq: found.seq, kind: found.kind, message: breakMessage(found) };
  const head = count === 0 ? null : { seq: count, hash: hashToHex(expectedPrev) };
  const message =
    count === 0
      ? 'The audit log is empty and intact.'
      : `The audit log is intact: ${count} ${count === 1 ? 'entry' : 'entries'}, the newest is #${count}.`;
  return { ok: true, count, head, message };
}

function rowHash(row: AuditRow, seq = row.seq): Buffer | null {
  if (!Buffer.isBuffer(row.prev_hash) || row.prev_hash.length !== HASH_BYTES) return null;
  try {
    return auditEntryHash({ seq, at: row.at, type: row.type, subject: row.subject, data: row.data, prevHash: row.prev_hash });
  } catch {
    return null; // a column edited to a value of another type
  }
}

function sameHash(a: Buffer | null, b: unknown): boolean {
  return a !== null && Buffer.isBuffer(b) && a.equals(b);
}

function checkRow(store: AuditStore, row: AuditRow, expectedSeq: number, expectedPrev: Buffer, anchor: AuditHead | null | 'invalid'): Break | null {
  if (row.seq > expectedSeq) return { seq: expectedSeq, kind: 'removed', to: row.seq - 1 };
  if (!sameHash(rowHash(row), row.hash)) return classifyMismatch(store, row, anchor);
  if (!row.prev_hash.equals(expectedPrev)) {
    // Self-consistent and written for this position, but it does not follow the entry before it.
    const p = predecessorOf(store, row);
    if (p !== undefined && p < row.seq - 1) return { seq: p + 1, kind: 'inserted', to: row.seq - 1 };
    return { seq: row.seq, kind: 'unlinked' };
  }
  return null;
}

/** Seq of the entry `row` was chained to when written (0 for the genesis), if it is still there. */
function predecessorOf(store: AuditStore, row: AuditRow): number | undefined {
  return row.prev_hash.equals(GENESIS_HASH) ? 0 : store.seqOfHash(row.prev_hash);
}

/**
 * The entry's content does not hash to its stored hash. If it does at another
 * seq, it was moved there: renumbered after an insertion or a removal, or
 * swapped with another entry. Otherwise its content was edited.
 */
function classifyMismatch(store: AuditStore, row: AuditRow, anchor: AuditHead | null | 'invalid'): Break {
  const limit = Math.max(store.tail()?.seq ?? 0, anchor !== null && anchor !== 'invalid' ? anchor.seq : 0) + 1;
  let writtenAs: number | undefined;
  for (let d = 1; d <= limit && writtenAs === undefined; d++) {
    for (const candidate of [row.seq - d, row.seq + d]) {
      if (candidate >= 1 && candidate <= limit && sameHash(rowHash(row, candidate), row.hash)) {
        writtenAs = candidate;
        break;
      }
    }
  }
  if (writtenAs === undefined) return { seq: row.seq, kind: 'edited' };
  const predecessor = predecessorOf(store, row);
  if (writtenAs < row.seq && predecessor === writtenAs - 1) {
    // Moved up while its original predecessor stayed: entries were slipped in before it.
    return { seq: writtenAs, kind: 'inserted', to: row.seq - 1 };
  }
  if (writtenAs > row.seq && predecessor === undefined) {
    // Moved down and its predecessor is gone: entries were removed and the rest renumbered.
    return { seq: row.seq, kind: 'removed', renumbered: true };
  }
  return { seq: row.seq, kind: 'reordered', writtenAs };
}

function checkAnchor(store: AuditStore, anchor: AuditHead | null | 'invalid', count: number, lastHash: Buffer): Break | null {
  const lastSeq = count; // only reached with entries 1…count intact
  if (anchor === 'invalid') return { seq: Math.max(lastSeq, 1), kind: 'anchor-mismatch', anchor: 'unreadable' };
  if (anchor === null) return count === 0 ? null : { seq: lastSeq, kind: 'anchor-mismatch', anchor: 'missing' };
  if (anchor.seq > lastSeq) return { seq: lastSeq + 1, kind: 'truncated', to: anchor.seq };
  if (anchor.seq < lastSeq) {
    const atAnchor = store.hashAt(anchor.seq);
    if (atAnchor && hashToHex(atAnchor) === anchor.hash) return { seq: anchor.seq + 1, kind: 'inserted', to: lastSeq };
    return { seq: anchor.seq, kind: 'anchor-mismatch', anchor: 'other-entry' };
  }
  if (hashToHex(lastHash) !== anchor.hash) return { seq: lastSeq, kind: 'anchor-mismatch', anchor: 'other-entry' };
  return null;
}

function entries(from: number, to: number | undefined): string {
  return to !== undefined && to > from ? `entries #${from} to #${to} were` : `entry #${from} was`;
}

function breakMessage(b: Break): string {
  const untrusted = ` Entries from #${b.seq} on cannot be trusted.`;
  switch (b.kind) {
    case 'edited':
      return `The audit log was changed: entry #${b.seq} was edited after it was written.${untrusted}`;
    case 'removed':
      return b.renumbered
        ? `The audit log was changed: entries were removed at #${b.seq} and the later ones renumbered to close the gap.${untrusted}`
        : `The audit log was changed: ${entries(b.seq, b.to)} removed.${untrusted}`;
    case 'reordered':
      return `The audit log was changed: entry #${b.seq} is out of order (it was written as #${b.writtenAs}).${untrusted}`;
    case 'inserted':
      return `The audit log was changed: ${entries(b.seq, b.to)} not written by Data Wallet.${untrusted}`;
    case 'unlinked':
      return `The audit log was changed: entry #${b.seq} does not follow the entry before it; one of the two was replaced.${untrusted}`;
    case 'truncated':
      return `The audit log was cut short: ${entries(b.seq, b.to)} removed from its end.`;
    case 'anchor-mismatch': {
      const what = b.anchor === 'missing' ? 'is missing' : b.anchor === 'unreadable' ? 'is unreadable' : 'does not match the last entry';
      return `The audit log's record of its newest entry ${what}; the newest entries may have been changed or removed.`;
    }
  }
}
