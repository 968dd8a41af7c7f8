import { describe, expect, it } from 'vitest';
import { WalletError } from '../../../electron/core/errors.js';
import * as errors from '../../../electron/core/vault/errors.js';

describe('vault errors', () => {
  const instances: WalletError[] = [
    new errors.WrongPassphraseError(),
    new errors.WrongRecoveryKeyError(),
    new errors.RecoveryKeyTypoError('its checksum does not match'),
    new errors.WeakPassphraseError(8),
    new errors.VaultExistsError(),
    new errors.VaultNotFoundError(),
    new errors.KeyFileMissingError(),
    new errors.KeyFileCorruptError('it is not valid JSON'),
    new errors.DatabaseMissingError(),
    new errors.DatabaseCorruptError(),
    new errors.VaultNewerThanAppError(),
    new errors.VaultLockedError(),
    new errors.KeyRotationIncompleteError(),
    new errors.DatasetNotFoundError('steps'),
    new errors.InvalidQueryError('limit'),
    new errors.InvalidRecordError('kind'),
    new errors.ImportInProgressError(),
    new errors.VaultBusyError('an export is running'),
    new errors.ImportCancelledError(),
    new errors.VaultStorageError('the disk is full'),
  ];

  it('are WalletErrors with distinct literal names matching their class', () => {
    const names = instances.map((e) => e.name);
    expect(new Set(names).size).toBe(instances.length);
    for (const e of instances) {
      expect(e).toBeInstanceOf(WalletError);
      expect(e.name).toBe(e.constructor.name);
      expect(e.shortMessage.length).toBeGreaterThan(0);
    }
  });

  it('guide the user (pinned wording)', () => {
    expect(String(new errors.WrongPassphraseError())).toBe(
      'The passphrase is not correct. Check Caps Lock and keyboard layout, then try again. If you have forgotten it, unlock with your recovery key.',
    );
    expect(String(new errors.KeyFileMissingError())).toBe(
      'The key file (keys.json) is missing, and the database cannot be opened without it. Restore keys.json from a backup of this folder. Neither the passphrase nor the recovery key can open the database without it.',
    );
    expect(new errors.DatabaseCorruptError().shortMessage).toBe(
      'The vault database is damaged: the key is right, but the database cannot be read.',
    );
    expect(new errors.VaultLockedError().hint).toBe('Unlock it with your passphrase first.');
  });
});
