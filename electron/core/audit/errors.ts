/**
 * Errors of the audit log. Messages name positions (sequence numbers), field
 * paths and limits only — never an entry's values.
 */
import { WalletError, type WalletErrorContext as Params } from '../errors.js';


/** An entry handed to `append` is not one the log can store (a bug in the caller). */
export class AuditEntryInvalidError extends WalletError {
  override readonly name = 'AuditEntryInvalidError' as const;
  readonly code = 'AUDIT_ENTRY_INVALID' as const;
  constructor(problem: string, params: Params = {}) {
    super(`An audit log entry is invalid: ${problem}.`, {
      ...params,
      hint: 'This is a bug in the part of Data Wallet that wrote the entry; nothing was written.',
    });
  }
}

/** A stored entry cannot be read back (its data is not JSON): the log was modified outside the app. */
export class AuditLogCorruptError extends WalletError {
  override readonly name = 'AuditLogCorruptError' as const;
  readonly code = 'AUDIT_LOG_CORRUPT' as const;
  readonly seq: number;
  constructor(seq: number, params: Params = {}) {
    super(`Audit log entry #${seq} cannot be read: it was modified outside Data Wallet.`, {
      ...params,
      hint: 'Run the audit log check to see where the log was changed. Entries from this one on cannot be trusted.',
    });
    this.seq = seq;
  }
}

/** Verification found a break in the hash chain: entries from `seq` on cannot be trusted. */
export class AuditLogBrokenError extends WalletError {
  override readonly name = 'AuditLogBrokenError' as const;
  readonly code = 'AUDIT_LOG_BROKEN' as const;
  readonly seq: number;
  constructor(seq: number, params: Params = {}) {
    super(`The audit log was changed outside Data Wallet (from entry #${seq} on).`, {
      ...params,
      hint: 'Entries from there on cannot be trusted. Keep a copy of the vault folder for inspection.',
    });
    this.seq = seq;
  }
}
