/**
 * Errors of the vault area. Each failure has its own class with a literal
 * `name`, a short message for people and a hint on what to do. Messages never
 * contain passphrases, keys, recovery keys or record values; only metadata
 * (file names, counts, positions, SQLite result codes) goes into `details`.
 */
import { WalletError, type WalletErrorContext as Params } from '../errors.js';


export class WrongPassphraseError extends WalletError {
  override readonly name = 'WrongPassphraseError' as const;
  readonly code = 'WRONG_PASSPHRASE' as const;
  constructor(params: Params = {}) {
    super('The passphrase is not correct.', {
      ...params,
      hint: 'Check Caps Lock and keyboard layout, then try again. If you have forgotten it, unlock with your recovery key.',
    });
  }
}

export class WrongRecoveryKeyError extends WalletError {
  override readonly name = 'WrongRecoveryKeyError' as const;
  readonly code = 'WRONG_RECOVERY_KEY' as const;
  constructor(params: Params = {}) {
    super('This recovery key does not belong to this vault (or it was replaced).', {
      ...params,
      hint: 'Use the most recent recovery key you saved for this vault. Older keys stop working after a key rotation.',
    });
  }
}

export class RecoveryKeyTypoError extends WalletError {
  override readonly name = 'RecoveryKeyTypoError' as const;
  readonly code = 'RECOVERY_KEY_TYPO' as const;
  constructor(problem: string, params: Params = {}) {
    super(`The recovery key has a typo: ${problem}.`, {
      ...params,
      hint: 'Compare it character by character with your saved copy. Dashes, spaces and upper/lower case do not matter.',
    });
  }
}

export class WeakPassphraseError extends WalletError {
  override readonly name = 'WeakPassphraseError' as const;
  readonly code = 'WEAK_PASSPHRASE' as const;
  constructor(minLength: number, params: Params = {}) {
    super(`The passphrase is too short: use at least ${minLength} characters.`, {
      ...params,
      hint: 'A few unrelated words make a passphrase that is long and still easy to remember.',
    });
  }
}

export class VaultExistsError extends WalletError {
  override readonly name = 'VaultExistsError' as const;
  readonly code = 'VAULT_EXISTS' as const;
  constructor(params: Params = {}) {
    super('A vault already exists in this folder.', {
      ...params,
      hint: 'Unlock the existing vault, or choose another folder. Nothing was changed.',
    });
  }
}

export class VaultNotFoundError extends WalletError {
  override readonly name = 'VaultNotFoundError' as const;
  readonly code = 'VAULT_NOT_FOUND' as const;
  constructor(params: Params = {}) {
    super('No vault was found in this folder.', {
      ...params,
      hint: 'Check the data folder setting, or create a new vault.',
    });
  }
}

export class KeyFileMissingError extends WalletError {
  override readonly name = 'KeyFileMissingError' as const;
  readonly code = 'KEY_FILE_MISSING' as const;
  constructor(params: Params = {}) {
    super('The key file (keys.json) is missing, and the database cannot be opened without it.', {
      ...params,
      hint: 'Restore keys.json from a backup of this folder. Neither the passphrase nor the recovery key can open the database without it.',
    });
  }
}

export class KeyFileCorruptError extends WalletError {
  override readonly name = 'KeyFileCorruptError' as const;
  readonly code = 'KEY_FILE_CORRUPT' as const;
  constructor(problem: string, params: Params = {}) {
    super(`The key file (keys.json) is damaged or was modified: ${problem}.`, {
      ...params,
      hint: 'Restore keys.json from a backup of this folder. Do not edit it by hand.',
    });
  }
}

export class DatabaseMissingError extends WalletError {
  override readonly name = 'DatabaseMissingError' as const;
  readonly code = 'DATABASE_MISSING' as const;
  constructor(params: Params = {}) {
    super('The vault database (vault.db) is missing.', {
      ...params,
      hint: 'Restore vault.db from a backup of this folder. The key file alone holds no data.',
    });
  }
}

export class DatabaseCorruptError extends WalletError {
  override readonly name = 'DatabaseCorruptError' as const;
  readonly code = 'DATABASE_CORRUPT' as const;
  constructor(params: Params = {}) {
    super('The vault database is damaged: the key is right, but the database cannot be read.', {
      ...params,
      hint: 'Restore vault.db (with vault.db-wal if present) from a backup of this folder.',
    });
  }
}

export class VaultNewerThanAppError extends WalletError {
  override readonly name = 'VaultNewerThanAppError' as const;
  readonly code = 'VAULT_NEWER_THAN_APP' as const;
  constructor(params: Params = {}) {
    super('This vault was written by a newer version of Data Wallet.', {
      ...params,
      hint: 'Update Data Wallet to open it. Nothing was changed.',
    });
  }
}

export class VaultLockedError extends WalletError {
  override readonly name = 'VaultLockedError' as const;
  readonly code = 'VAULT_LOCKED' as const;
  constructor(params: Params = {}) {
    super('The vault is locked.', { ...params, hint: 'Unlock it with your passphrase first.' });
  }
}

export class KeyRotationIncompleteError extends WalletError {
  override readonly name = 'KeyRotationIncompleteError' as const;
  readonly code = 'KEY_ROTATION_INCOMPLETE' as const;
  constructor(params: Params = {}) {
    super('A key rotation was interrupted, and the old recovery key no longer opens the database.', {
      ...params,
      hint: 'Unlock once with your passphrase to finish the rotation, then create a new recovery key.',
    });
  }
}

export class DatasetNotFoundError extends WalletError {
  override readonly name = 'DatasetNotFoundError' as const;
  readonly code = 'DATASET_NOT_FOUND' as const;
  constructor(kind: string, params: Params = {}) {
    super(`There is no dataset "${kind}" in this vault.`, {
      ...params,
      hint: 'List the datasets to see which kinds exist.',
    });
  }
}

export class InvalidQueryError extends WalletError {
  override readonly name = 'InvalidQueryError' as const;
  readonly code = 'INVALID_QUERY' as const;
  constructor(problem: string, params: Params = {}) {
    super(`Invalid query: ${problem}.`, params);
  }
}

export class InvalidRecordError extends WalletError {
  override readonly name = 'InvalidRecordError' as const;
  readonly code = 'INVALID_RECORD' as const;
  constructor(problem: string, params: Params = {}) {
    super(`An imported record is invalid: ${problem}.`, {
      ...params,
      hint: 'This is a bug in the importer that produced it; the import was rolled back.',
    });
  }
}

export class ImportInProgressError extends WalletError {
  override readonly name = 'ImportInProgressError' as const;
  readonly code = 'IMPORT_IN_PROGRESS' as const;
  constructor(params: Params = {}) {
    super('An import is already running in this vault.', {
      ...params,
      hint: 'Wait for it to finish (or cancel it), then try again.',
    });
  }
}

export class VaultBusyError extends WalletError {
  override readonly name = 'VaultBusyError' as const;
  readonly code = 'VAULT_BUSY' as const;
  constructor(activity: string, params: Params = {}) {
    super(`The vault is busy: ${activity}.`, { ...params, hint: 'Try again when it has finished.' });
  }
}

export class ImportCancelledError extends WalletError {
  override readonly name = 'ImportCancelledError' as const;
  readonly code = 'IMPORT_CANCELLED' as const;
  constructor(params: Params = {}) {
    super('The import was cancelled; nothing from it was kept.', params);
  }
}

export class VaultStorageError extends WalletError {
  override readonly name = 'VaultStorageError' as const;
  readonly code = 'VAULT_STORAGE' as const;
  constructor(problem: string, params: Params = {}) {
    super(`The vault could not read or write its files: ${problem}.`, {
      ...params,
      hint: 'Check free disk space and folder permissions, then try again.',
    });
  }
}

export class KeyFileBusyError extends WalletError {
  override readonly name = 'KeyFileBusyError' as const;
  readonly code = 'KEY_FILE_BUSY' as const;
  constructor(activity: string, params: Params = {}) {
    super(`The vault is busy: another Data Wallet program is ${activity}.`, {
      ...params,
      hint: 'Wait until it has finished (a key rotation of a large vault can take a minute), then try again. Nothing was changed.',
    });
  }
}

export class KeyFileChangedError extends WalletError {
  override readonly name = 'KeyFileChangedError' as const;
  readonly code = 'KEY_FILE_CHANGED' as const;
  constructor(params: Params = {}) {
    super("Another Data Wallet program replaced the vault's data key while it was open here; nothing was changed.", {
      ...params,
      hint: 'Lock the vault, unlock it again, and repeat what you were doing.',
    });
  }
}

export class ExportTargetError extends WalletError {
  override readonly name = 'ExportTargetError' as const;
  readonly code = 'EXPORT_TARGET_UNWRITABLE' as const;
  constructor(fileName: string, errno: string, params: Params = {}) {
    super(`The export could not be written to ${fileName} (${errno}).`, {
      ...params,
      hint: 'Choose a file in a folder that exists and that you may write to. Nothing was written.',
    });
  }
}

/** Why "unlock with the system keychain" cannot be offered here. */
export type KeychainUnavailableReason = 'desktop-only' | 'no-encryption' | 'no-keyring';

const KEYCHAIN_UNAVAILABLE_TEXT: Record<KeychainUnavailableReason, { message: string; hint: string }> = {
  'desktop-only': {
    message: 'Unlocking with the system keychain needs the desktop app.',
    hint: 'Open Data Wallet as the desktop app to turn it on; here, unlock with your passphrase.',
  },
  'no-encryption': {
    message: 'This system offers no keychain Data Wallet can use.',
    hint: 'Keep unlocking with your passphrase.',
  },
  'no-keyring': {
    message: 'No secure keyring (such as GNOME Keyring or KWallet) is running, so the system keychain would keep the key in plain sight.',
    hint: 'Start a keyring service and restart Data Wallet, or keep unlocking with your passphrase.',
  },
};

export class KeychainUnavailableError extends WalletError {
  override readonly name = 'KeychainUnavailableError' as const;
  readonly code = 'KEYCHAIN_UNAVAILABLE' as const;
  readonly reason: KeychainUnavailableReason;
  constructor(reason: KeychainUnavailableReason, params: Params = {}) {
    const text = KEYCHAIN_UNAVAILABLE_TEXT[reason];
    super(text.message, { ...params, details: [params.details, `reason=${reason}`].filter(Boolean).join(' '), hint: text.hint });
    this.reason = reason;
  }
}

/** Why the keychain wrap did not open the vault. */
export type KeychainUnlockFailure = 'not-enabled' | 'backend-changed' | 'unusable';

const KEYCHAIN_UNLOCK_TEXT: Record<KeychainUnlockFailure, string> = {
  'not-enabled': 'Unlocking with the system keychain is not turned on for this vault.',
  'backend-changed': 'The system keychain changed since keychain unlock was turned on, so it cannot open the vault.',
  unusable: 'The system keychain could not open the vault.',
};

export class KeychainUnlockError extends WalletError {
  override readonly name = 'KeychainUnlockError' as const;
  readonly code = 'KEYCHAIN_UNLOCK_FAILED' as const;
  readonly reason: KeychainUnlockFailure;
  constructor(reason: KeychainUnlockFailure, params: Params = {}) {
    super(KEYCHAIN_UNLOCK_TEXT[reason], {
      ...params,
      details: [params.details, `reason=${reason}`].filter(Boolean).join(' '),
      hint: reason === 'not-enabled' ? 'Unlock with your passphrase.' : 'Unlock with your passphrase, then turn keychain unlock off and on again in the settings.',
    });
    this.reason = reason;
  }
}
