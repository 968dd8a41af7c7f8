/** The audit log: append-only, hash-chained entries in the vault. */
export { AuditLog, AUDIT_HEAD_SETTING, DEFAULT_LIST_LIMIT, MAX_DATA_LENGTH, MAX_LIST_LIMIT, MAX_SUBJECT_LENGTH } from './audit-log.js';
export type { AuditBreakKind, AuditHead, AuditListQuery, AuditVerifyResult } from './audit-log.js';
export { AUDIT_HASH_DOMAIN, auditEntryHash, canonicalJson, GENESIS_HASH, isAuditJson, MAX_DATA_DEPTH } from './entry-hash.js';
export type { HashedEntryFields } from './entry-hash.js';
export * from './errors.js';
export * from './types.js';
