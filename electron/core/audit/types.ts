/**
 * What the lease service writes to the audit log. Kept apart from the log's
 * implementation so services depend on this small interface only.
 */

/** Every kind of audit entry. Append new ones; never rename. */
export const AUDIT_ENTRY_TYPES = [
  'request.received',
  'request.verified',
  'request.refused',
  'request.approved',
  'request.declined',
  'lease.narrowed',
  'lease.grant-submitted',
  'lease.granted',
  'lease.grant-failed',
  'lease.revoked',
  'lease.expired',
  'lease.settled',
  'lease.delivery-recorded',
  'lease.reconciled',
  'requester.blocked',
  'requester.unblocked',
  'lease.grant-unconfirmed',
  'lease.revoke-submitted',
  'training.task-fetched',
  'training.task-refused',
  'training.job-started',
  'training.job-finished',
  'training.job-stopped',
  'training.job-failed',
  'training.result-discarded',
  'egress.sent',
  'egress.failed',
  'leases.paused',
  'leases.resumed',
  'vault.keychain-enabled',
  'vault.keychain-disabled',
  'settings.changed',
  'earnings.withdrawn',
] as const;
export type AuditEntryType = (typeof AUDIT_ENTRY_TYPES)[number];

/** A JSON value that may go into an entry's data (no undefined, no bigint: use decimal strings). */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

export interface AuditEntryInput {
  type: AuditEntryType;
  /** What the entry is about, e.g. the request digest (0x…) or `lease:<id>`; used to list one lease's history. */
  subject?: string;
  /** Facts only: ids, addresses, hashes, terms, reasons. Never a secret or a record value. */
  data: { [key: string]: AuditJson };
}

export interface AuditEntry extends Required<Omit<AuditEntryInput, 'subject'>> {
  seq: number;
  /** Unix milliseconds. */
  at: number;
  subject: string | null;
  /** 0x-prefixed SHA-256 of the previous entry (zeros for the first). */
  prevHash: `0x${string}`;
  hash: `0x${string}`;
}

/** The part of the audit log other services use. */
export interface AuditSink {
  /** Appends one entry in the caller's transaction (if any) and returns it. */
  append(entry: AuditEntryInput): AuditEntry;
}
