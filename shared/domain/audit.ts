/** What the audit part of the API returns. */
import { z } from 'zod';
import { unixMs } from '../api/define.js';
import { Hash32 } from './json.js';

/** One audit log entry: facts only (ids, addresses, hashes, terms, reasons), never a secret or a record value. */
export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: unixMs,
  /** Dotted kind, e.g. `request.approved`, `lease.revoked`. */
  type: z.string(),
  subject: z.string().nullable(),
  data: z.record(z.string(), z.json()),
  prevHash: Hash32,
  hash: Hash32,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** An intact log (a broken one is the AUDIT_LOG_BROKEN error). */
export const AuditVerification = z.object({
  ok: z.literal(true),
  /** Entries checked. */
  count: z.number().int().nonnegative(),
  /** Null when the log is empty. */
  head: z.object({ seq: z.number().int().positive(), hash: Hash32 }).nullable(),
  message: z.string(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
