/**
 * The documented list of error codes. Every WalletError subclass declares a
 * `code`; this list says which class carries it and what it means, so a front
 * end can map codes to its own wording (the CLI to its commands, the GUI to
 * its buttons) without importing the core.
 *
 * Codes are stable: never rename or reuse one; add new ones at the end of
 * their area. A test (test/unit/errors/codes.test.ts) fails when a class's
 * code is missing here or this list names a class that does not exist.
 */
export interface WalletErrorCodeInfo {
  /** The class that carries the code (its literal `name`, which is also its class name). */
  readonly name: string;
  /** Where it comes from. */
  readonly area: 'api' | 'shell' | 'vault' | 'importers' | 'audit' | 'chain' | 'leases' | 'lease-link' | 'training' | 'cli' | 'requester';
  /** One line: when it happens. */
  readonly summary: string;
}

const LINK = (summary: string): WalletErrorCodeInfo => ({ name: 'LeaseLinkError', area: 'lease-link', summary });

export const WALLET_ERROR_CODES = {
  // ---------------------------------------------------------------- api (shared/errors/api-errors.ts)
  INVALID_INPUT: { name: 'InvalidInputError', area: 'api', summary: 'A call was given input that does not match its schema.' },
  UNKNOWN_CALL: { name: 'UnknownCallError', area: 'api', summary: 'A call name that is not in the API contract.' },
  UNEXPECTED: { name: 'UnexpectedError', area: 'api', summary: 'A failure that is not a WalletError (a bug); details are withheld.' },
  CANCELLED: { name: 'CancelledError', area: 'api', summary: 'The operation was cancelled; nothing was changed.' },
  WALLET_CLOSED: { name: 'WalletClosedError', area: 'api', summary: 'The wallet object was closed; open it again.' },

  // ---------------------------------------------------------------- transports (shared/api/transports/errors.ts; the call never reached the router)
  HOST_UNAUTHORIZED: { name: 'TransportUnauthorizedError', area: 'shell', summary: 'Browser mode: the request lacks the access token or has a wrong one.' },
  HOST_FORBIDDEN: { name: 'TransportForbiddenError', area: 'shell', summary: 'Browser mode: foreign Host or Origin; Electron: a frame other than the app page.' },
  HOST_BAD_REQUEST: { name: 'TransportBadRequestError', area: 'shell', summary: 'Browser mode: the request is not well-formed JSON over POST.' },
  HOST_REQUEST_TOO_LARGE: { name: 'RequestTooLargeError', area: 'shell', summary: 'Browser mode: the request body exceeds the limit.' },
  HOST_UNREACHABLE: { name: 'WalletUnreachableError', area: 'shell', summary: 'The client transport could not reach the wallet.' },
  HOST_BAD_ANSWER: { name: 'BadAnswerError', area: 'shell', summary: 'The wallet answered something that is not an API result.' },
  NO_WALLET_CONNECTION: { name: 'NoWalletConnectionError', area: 'shell', summary: 'The renderer has neither the desktop bridge nor a browser-mode token.' },
  BROWSER_HOST_NOT_LOOPBACK: { name: 'BrowserHostAddressError', area: 'shell', summary: 'Browser mode was asked to listen on an address other than 127.0.0.1.' },
  RENDERER_BUILD_MISSING: { name: 'RendererBuildMissingError', area: 'shell', summary: 'The user interface has not been built.' },
  APP_NOT_RUNNING: { name: 'AppNotRunningError', area: 'shell', summary: 'No running app serves this data folder (link forwarding).' },
  LINK_FORWARD_REFUSED: { name: 'LinkForwardRefusedError', area: 'shell', summary: 'The running app refused a forwarded link.' },

  // ---------------------------------------------------------------- vault (electron/core/vault/errors.ts)
  WRONG_PASSPHRASE: { name: 'WrongPassphraseError', area: 'vault', summary: 'The passphrase does not unlock the vault.' },
  WRONG_RECOVERY_KEY: { name: 'WrongRecoveryKeyError', area: 'vault', summary: 'The recovery key does not belong to this vault (or was replaced).' },
  RECOVERY_KEY_TYPO: { name: 'RecoveryKeyTypoError', area: 'vault', summary: 'The recovery key fails its checksum or format.' },
  WEAK_PASSPHRASE: { name: 'WeakPassphraseError', area: 'vault', summary: 'A new passphrase is too short.' },
  VAULT_EXISTS: { name: 'VaultExistsError', area: 'vault', summary: 'Creating a vault where one already exists.' },
  VAULT_NOT_FOUND: { name: 'VaultNotFoundError', area: 'vault', summary: 'No vault in the data folder.' },
  KEY_FILE_MISSING: { name: 'KeyFileMissingError', area: 'vault', summary: 'keys.json is missing next to the database.' },
  KEY_FILE_CORRUPT: { name: 'KeyFileCorruptError', area: 'vault', summary: 'keys.json is damaged or was modified.' },
  DATABASE_MISSING: { name: 'DatabaseMissingError', area: 'vault', summary: 'vault.db is missing.' },
  DATABASE_CORRUPT: { name: 'DatabaseCorruptError', area: 'vault', summary: 'The key is right but the database cannot be read.' },
  VAULT_NEWER_THAN_APP: { name: 'VaultNewerThanAppError', area: 'vault', summary: 'The vault was written by a newer app version.' },
  VAULT_LOCKED: { name: 'VaultLockedError', area: 'vault', summary: 'The call needs an unlocked vault.' },
  KEY_ROTATION_INCOMPLETE: { name: 'KeyRotationIncompleteError', area: 'vault', summary: 'An interrupted key rotation must be finished with the passphrase.' },
  DATASET_NOT_FOUND: { name: 'DatasetNotFoundError', area: 'vault', summary: 'No dataset of that kind.' },
  INVALID_QUERY: { name: 'InvalidQueryError', area: 'vault', summary: 'A records or aggregate query is out of range.' },
  INVALID_RECORD: { name: 'InvalidRecordError', area: 'vault', summary: 'An importer produced an invalid record (a bug); the import was rolled back.' },
  IMPORT_IN_PROGRESS: { name: 'ImportInProgressError', area: 'vault', summary: 'Another import holds the vault.' },
  VAULT_BUSY: { name: 'VaultBusyError', area: 'vault', summary: 'An import, export or rotation is running.' },
  IMPORT_CANCELLED: { name: 'ImportCancelledError', area: 'vault', summary: 'The import was cancelled; nothing was kept.' },
  VAULT_STORAGE: { name: 'VaultStorageError', area: 'vault', summary: 'The vault files could not be read or written (disk full, permissions).' },
  KEY_FILE_BUSY: { name: 'KeyFileBusyError', area: 'vault', summary: 'Another process is changing keys.json (e.g. rotating the data key); waited, then gave up.' },
  KEY_FILE_CHANGED: { name: 'KeyFileChangedError', area: 'vault', summary: 'Another process rotated the data key while the vault was open here; unlock again.' },
  EXPORT_TARGET_UNWRITABLE: { name: 'ExportTargetError', area: 'vault', summary: 'The export file (or its temp file beside it) cannot be created or renamed.' },
  KEYCHAIN_UNAVAILABLE: { name: 'KeychainUnavailableError', area: 'vault', summary: 'Keychain unlock cannot be offered here (browser mode, no keychain, or the Linux plain-text backend); `reason` says which.' },
  KEYCHAIN_UNLOCK_FAILED: { name: 'KeychainUnlockError', area: 'vault', summary: 'The keychain wrap did not open the vault (not turned on, keychain backend changed, unusable).' },
  INVALID_SETTING: { name: 'InvalidSettingError', area: 'vault', summary: 'A wallet setting was given a value outside its range; nothing was changed.' },
  SETTING_NEEDS_DESKTOP: { name: 'SettingNeedsDesktopError', area: 'vault', summary: 'A setting only the desktop app can change (launch at login) was changed in browser mode or the CLI.' },

  // ---------------------------------------------------------------- importers (electron/core/importers/errors.ts)
  IMPORT_FORMAT: { name: 'ImportFormatError', area: 'importers', summary: 'The file is not valid in its format (position given).' },
  IMPORT_UNKNOWN_FORMAT: { name: 'UnknownFormatError', area: 'importers', summary: 'The format could not be detected.' },
  IMPORT_EMPTY_FILE: { name: 'EmptyFileError', area: 'importers', summary: 'The file holds no records.' },
  IMPORT_BINARY_FILE: { name: 'BinaryFileError', area: 'importers', summary: 'The file is binary where text was expected.' },
  IMPORT_UNSUPPORTED_TIMESTAMP: { name: 'UnsupportedTimestampError', area: 'importers', summary: 'A time value cannot be read.' },
  IMPORT_MAPPING: { name: 'ImportMappingError', area: 'importers', summary: 'The column/field mapping cannot be applied.' },
  IMPORT_FILE_UNREADABLE: { name: 'ImportFileError', area: 'importers', summary: 'The file cannot be opened or read.' },
  IMPORT_LIMIT_EXCEEDED: { name: 'ImportLimitError', area: 'importers', summary: 'The file exceeds an importer bound (metadata, XML length, JSON fields, datasets); nothing was kept.' },
  ABORT_ERR: { name: 'ImportAbortedError', area: 'importers', summary: 'The import was aborted through its signal (name AbortError).' },
  IMPORT_NO_LOCATION_HISTORY: { name: 'NoLocationHistoryError', area: 'importers', summary: 'A Google Takeout archive (zip or folder) holds no location history file; says what it holds instead.' },

  // ---------------------------------------------------------------- audit (electron/core/audit/errors.ts)
  AUDIT_ENTRY_INVALID: { name: 'AuditEntryInvalidError', area: 'audit', summary: 'A service tried to write an invalid entry (a bug).' },
  AUDIT_LOG_CORRUPT: { name: 'AuditLogCorruptError', area: 'audit', summary: 'A stored entry cannot be read back.' },
  AUDIT_LOG_BROKEN: { name: 'AuditLogBrokenError', area: 'audit', summary: 'Verification found a break in the hash chain.' },

  // ---------------------------------------------------------------- chain (electron/core/chain/errors.ts)
  ANVIL_NOT_INSTALLED: { name: 'AnvilBinaryNotFoundError', area: 'chain', summary: 'The embedded chain binary is missing for this platform.' },
  CHAIN_IPC_PATH_TOO_LONG: { name: 'ChainIpcPathTooLongError', area: 'chain', summary: 'The chain socket path is too long.' },
  CHAIN_ALREADY_RUNNING: { name: 'ChainAlreadyRunningError', area: 'chain', summary: 'Another process runs the embedded chain on this folder.' },
  CHAIN_START_FAILED: { name: 'ChainStartError', area: 'chain', summary: 'The embedded chain did not start.' },
  CHAIN_NOT_RUNNING: { name: 'ChainNotRunningError', area: 'chain', summary: 'The embedded chain is not running.' },
  CHAIN_ID_MISMATCH: { name: 'ChainIdMismatchError', area: 'chain', summary: 'The RPC endpoint serves another chain id.' },
  CONTRACT_NOT_DEPLOYED: { name: 'ContractNotDeployedError', area: 'chain', summary: 'No DataLease contract at the configured address.' },
  CHAIN_RPC_FAILED: { name: 'ChainRpcError', area: 'chain', summary: 'The chain did not answer as expected.' },
  CHAIN_TRANSACTION_FAILED: { name: 'ChainTransactionError', area: 'chain', summary: 'A transaction was not accepted.' },
  CHAIN_CONTRACT_REVERTED: { name: 'DataLeaseRevertError', area: 'chain', summary: 'DataLease reverted with one of its custom errors (details name it).' },
  TRANSACTION_UNCONFIRMED: { name: 'TransactionUnconfirmedError', area: 'chain', summary: 'A transaction was sent but no receipt came yet; it may still be mined (details: its hash).' },

  // ---------------------------------------------------------------- leases (electron/core/leases/errors.ts)
  LEASE_REQUEST_REFUSED: { name: 'LeaseRequestRefusedError', area: 'leases', summary: 'A lease request fails a check (chain, contract, signature, deadline, nonce, blocked, malformed).' },
  NARROWING_INVALID: { name: 'NarrowingInvalidError', area: 'leases', summary: 'An approval narrows outside what was requested.' },
  REQUEST_ALREADY_DECIDED: { name: 'RequestAlreadyDecidedError', area: 'leases', summary: 'The request was already approved, declined or is being granted.' },
  LEASE_REQUEST_NOT_FOUND: { name: 'LeaseRequestNotFoundError', area: 'leases', summary: 'No stored request with that id.' },
  LEASE_NOT_FOUND: { name: 'LeaseNotFoundError', area: 'leases', summary: 'No lease with that id in this wallet.' },
  LEASE_ACCESS_DENIED: { name: 'LeaseAccessDeniedError', area: 'leases', summary: 'A data access outside an active lease was refused.' },
  LEASE_NOT_ACTIVE: { name: 'LeaseNotActiveError', area: 'leases', summary: 'The lease is not active (expired, revoked, settled).' },
  GRANT_UNCONFIRMED: { name: 'GrantUnconfirmedError', area: 'leases', summary: 'A grant was sent but not confirmed; reconciliation will settle it.' },
  NETWORK_CONFIG_INVALID: { name: 'WalletNetworkConfigError', area: 'leases', summary: 'The network setting is not valid.' },
  WALLET_ACCOUNT_DAMAGED: { name: 'WalletAccountDamagedError', area: 'leases', summary: 'The stored wallet account key is damaged.' },
  REQUESTER_LABEL_INVALID: { name: 'RequesterLabelError', area: 'leases', summary: 'A requester label or address is not usable.' },
  RECEIPT_UNAVAILABLE: { name: 'ReceiptUnavailableError', area: 'leases', summary: 'No consent receipt exists for that request (yet).' },
  CONSENT_RECEIPT_FACTS_INVALID: { name: 'ConsentReceiptFactsError', area: 'leases', summary: 'The facts of a decision do not make a valid receipt (a bug).' },
  REVOKE_UNCONFIRMED: { name: 'RevokeUnconfirmedError', area: 'leases', summary: 'A revoke was sent but not confirmed; access is already denied and reconciliation finishes it.' },
  LEASES_PAUSED: { name: 'LeasesPausedError', area: 'leases', summary: '"Pause all leases" is on: every data access is refused until resumed; nothing was revoked.' },
  EPSILON_ABOVE_LIMIT: { name: 'EpsilonAboveLimitError', area: 'leases', summary: 'The request’s privacy budget is above the owner’s limit per lease and the approval did not lower it.' },

  // ---------------------------------------------------------------- lease links (shared/lease/errors.ts; one class, one code per reason)
  LINK_TOO_LONG: LINK('The link is longer than the limit.'),
  LINK_MALFORMED: LINK('Not a lease link at all.'),
  LINK_SCHEME: LINK('Not a datawallet: link.'),
  LINK_HOST: LINK('A Data Wallet link that is not a lease request.'),
  LINK_PATH: LINK('Unexpected path in the link.'),
  LINK_PARAMS: LINK('Missing or unexpected query parameters.'),
  LINK_BASE64: LINK('The request is not valid base64url.'),
  LINK_UTF8: LINK('The request is not valid UTF-8.'),
  LINK_JSON: LINK('The request is not valid JSON.'),
  LINK_DUPLICATE_FIELD: LINK('The request repeats a field.'),
  LINK_UNKNOWN_FIELD: LINK('The request has an unknown field.'),
  LINK_MISSING_FIELD: LINK('The request lacks a field.'),
  LINK_NUMBER_FORMAT: LINK('A number is not a plain decimal string.'),
  LINK_NUMBER_RANGE: LINK('A number is out of range.'),
  LINK_ADDRESS: LINK('An address is not valid.'),
  LINK_SIGNATURE_FORMAT: LINK('The signature is malformed.'),
  LINK_FIELD_INVALID: LINK('A field fails its check.'),
  LINK_PROTOCOL_VERSION: LINK('A version-1 request (no payment token): the requester must upgrade to version 2.'),

  // ---------------------------------------------------------------- training engine (electron/core/training/engine/errors.ts)
  TRAINING_SETTINGS_INVALID: { name: 'TrainingSettingsError', area: 'training', summary: 'A training job or privacy computation was given unusable settings (the value is named).' },
  PRIVACY_BUDGET_UNREACHABLE: { name: 'PrivacyBudgetUnreachableError', area: 'training', summary: 'No noise level keeps the planned training within the ε budget.' },
  TRAINING_BUSY: { name: 'TrainingBusyError', area: 'training', summary: 'Another training job is running in this process.' },
  TRAINING_CANCELLED: { name: 'TrainingCancelledError', area: 'training', summary: 'The training job was cancelled; it produced nothing.' },
  TRAINING_FAILED: { name: 'TrainingFailedError', area: 'training', summary: 'Training failed in the worker (model/data mismatch, NaN loss, crash, memory or wall-time limit).' },

  // ---------------------------------------------------------------- training flow (electron/core/training/errors.ts)
  TASK_REFUSED: { name: 'TaskRefusedError', area: 'training', summary: 'A training task fails a check before training (its `reason` and `path` say which).' },
  TASK_FETCH_FAILED: { name: 'TaskFetchError', area: 'training', summary: 'The task could not be fetched within the limits (address refused, timeout, too large, HTTP status).' },
  RESULT_DELIVERY_FAILED: { name: 'ResultDeliveryError', area: 'training', summary: 'A result could not be delivered; it is kept for another try.' },
  TRAINING_JOB_NOT_FOUND: { name: 'TrainingJobNotFoundError', area: 'training', summary: 'No training job with that id.' },
  TRAINING_JOB_STATE: { name: 'TrainingJobStateError', area: 'training', summary: 'The job is not in a state that allows this (e.g. send before review).' },
  TRAINING_RUNNER_BUSY: { name: 'TrainingRunnerBusyError', area: 'training', summary: 'A training job is already running in this wallet.' },
  PRIVACY_BUDGET_EXHAUSTED: { name: 'PrivacyBudgetError', area: 'training', summary: 'The lease (or the owner’s cap) has no privacy budget left for this task.' },

  // ---------------------------------------------------------------- CLI only (electron/cli/errors.ts)
  USAGE: { name: 'UsageError', area: 'cli', summary: 'A command-line value is malformed (exit code 2).' },
  SECRET_UNAVAILABLE: { name: 'SecretUnavailableError', area: 'cli', summary: 'No secret in the environment and no terminal to ask.' },
  PASSPHRASE_MISMATCH: { name: 'PassphraseMismatchError', area: 'cli', summary: 'The two entries of a new passphrase differ.' },
  CONFIRMATION_REQUIRED: { name: 'ConfirmationRequiredError', area: 'cli', summary: 'A destructive command was run without confirmation.' },

  // ---------------------------------------------------------------- requester SDK CLI (requester/cli-args.ts)
  REQUESTER_INPUT: { name: 'CliInputError', area: 'requester', summary: 'A data-wallet-request flag has a bad value (exit code 1).' },
  REQUESTER_USAGE: { name: 'CliUsageError', area: 'requester', summary: 'data-wallet-request was called with missing or conflicting flags (exit code 2).' },
} as const satisfies Record<string, WalletErrorCodeInfo>;

export type WalletErrorCode = keyof typeof WALLET_ERROR_CODES;

export function isKnownErrorCode(code: string): code is WalletErrorCode {
  return Object.prototype.hasOwnProperty.call(WALLET_ERROR_CODES, code);
}
