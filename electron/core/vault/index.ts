/**
 * The vault: personal data encrypted on disk (SQLCipher), with the data key
 * wrapped by the passphrase (Argon2id) and a recovery key. Public surface.
 */
export { createVault } from './actions/create-vault.js';
export type { CreateVaultErrorType, CreateVaultParameters, CreateVaultReturnType } from './actions/create-vault.js';
export { unlockVault } from './actions/unlock-vault.js';
export type { UnlockSecret, UnlockVaultErrorType, UnlockVaultParameters, UnlockVaultReturnType } from './actions/unlock-vault.js';
export { recoverVault } from './actions/recover-vault.js';
export type { RecoverVaultErrorType, RecoverVaultParameters, RecoverVaultReturnType } from './actions/recover-vault.js';
export { destroyVault } from './actions/destroy-vault.js';
export type { DestroyVaultErrorType, DestroyVaultParameters } from './actions/destroy-vault.js';
export type { ChangePassphraseErrorType, ChangePassphraseParameters } from './actions/change-passphrase.js';
export type { RotateDataKeyErrorType, RotateDataKeyParameters, RotateDataKeyReturnType } from './actions/rotate-data-key.js';
export type { IssueRecoveryKeyErrorType, IssueRecoveryKeyParameters, IssueRecoveryKeyReturnType } from './actions/issue-recovery-key.js';
export type {
  BatchOutcome,
  ImportJobInput,
  ImportRecordsErrorType,
  ImportRecordsOptions,
  ImportRecordsParameters,
  ImportRecordsResult,
} from './actions/import-records.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './actions/query-records.js';
export type { QueryRecordsErrorType, QueryRecordsParameters, RecordsPage, RecordsQuery } from './actions/query-records.js';
export type { AggregateBucket, AggregateErrorType, AggregateParameters, AggregateQuery } from './actions/aggregate-records.js';
export type { EraseDatasetErrorType, EraseDatasetParameters, EraseDatasetReturnType } from './actions/erase-dataset.js';
export type { ExportErrorType, ExportOptions, ExportParameters, ExportResult, ExportTarget } from './export.js';
export type { ExportToFileResult } from './export/to-file.js';
export type { ImportJobSummary } from './records/to-domain.js';
export type { PreparedBatch } from './records/prepared-batch.js';
export type { ImportJobStatus } from './store/rows.js';
export type { JsonValue, VaultSettings } from './settings.js';
export type { VaultOptions } from './options.js';
export { Vault } from './vault.js';
export type { Connection } from './store/database.js';
export { ARGON2_LIMITS, DEFAULT_ARGON2_COST, MIN_ARGON2_COST } from './keys/kdf-params.js';
export type { Argon2Cost } from './keys/kdf-params.js';
export type { KeychainWrap } from './keys/key-file-schema.js';
export type { KeychainSealer } from './keys/keychain-wrap.js';
export { keychainUnlockBackend } from './keys/keychain-status.js';
export { MIN_PASSPHRASE_LENGTH } from './passphrase-policy.js';
export { LATEST_SCHEMA_VERSION } from './migrations/index.js';
export * from './errors.js';
