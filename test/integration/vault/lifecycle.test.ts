import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createVault,
  DatabaseMissingError,
  destroyVault,
  KeyFileMissingError,
  recoverVault,
  RecoveryKeyTypoError,
  unlockVault,
  VaultBusyError,
  VaultExistsError,
  VaultLockedError,
  VaultNotFoundError,
  WeakPassphraseError,
  WrongPassphraseError,
  WrongRecoveryKeyError,
} from '../../../electron/core/vault/index.js';
import { batchesOf, minuteSeries, PASSPHRASE, snapshotFiles, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

describe('vault lifecycle', () => {
  let root: string;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ root, dir, cleanup } = await tempVaultDir()));
  afterEach(() => cleanup());

  it('creates, locks and unlocks with the passphrase; data survives', async () => {
    const { vault, recoveryKey } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$/);
    expect((await readdir(dir)).sort()).toEqual(['keys.json', 'vault.db', 'vault.db-shm', 'vault.db-wal']);
    await vault.importRecords({ fileName: 'steps.csv', format: 'csv' }, batchesOf(minuteSeries(10)));
    vault.lock();
    expect(vault.isLocked).toBe(true);
    expect(() => vault.listDatasets()).toThrow(VaultLockedError);
    await expect(vault.changePassphrase(PASSPHRASE, 'another passphrase')).rejects.toThrow(VaultLockedError);
    vault.lock(); // idempotent

    const again = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    expect(again.vaultId).toBe(vault.vaultId);
    expect(again.listDatasets()).toEqual([
      { kind: 'steps', unit: 'count', source: 'csv', recordCount: 10, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 1, 0, 10) },
    ]);
    again.lock();
  });

  it('refuses to create over an existing vault, changing nothing', async () => {
    (await createVault(dir, PASSPHRASE, TEST_OPTIONS)).vault.lock();
    const before = await snapshotFiles(dir);
    await expect(createVault(dir, PASSPHRASE, TEST_OPTIONS)).rejects.toThrow(VaultExistsError);
    expect(await snapshotFiles(dir)).toEqual(before);
  });

  it('refuses empty and short passphrases before touching the disk', async () => {
    await expect(createVault(dir, '', TEST_OPTIONS)).rejects.toThrow(WeakPassphraseError);
    await expect(createVault(dir, 'seven77', TEST_OPTIONS)).rejects.toThrow('The passphrase is too short: use at least 8 characters.');
    expect(await readdir(root)).toEqual([]);
  });

  it('a wrong passphrase or recovery key changes no byte on disk', async () => {
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await vault.importRecords({ fileName: 'a.csv', format: 'csv' }, batchesOf(minuteSeries(5)));
    vault.lock();
    const before = await snapshotFiles(dir);
    await expect(unlockVault(dir, { passphrase: 'not the passphrase' }, TEST_OPTIONS)).rejects.toThrow(WrongPassphraseError);
    const otherKey = (await createVault(path.join(root, 'other'), PASSPHRASE, TEST_OPTIONS));
    otherKey.vault.lock();
    await expect(unlockVault(dir, { recoveryKey: otherKey.recoveryKey }, TEST_OPTIONS)).rejects.toThrow(WrongRecoveryKeyError);
    expect(await snapshotFiles(dir)).toEqual(before);
  });

  it('unlocks with the recovery key; a typo is reported as a typo', async () => {
    const { vault, recoveryKey } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    vault.lock();
    const byRecovery = await unlockVault(dir, { recoveryKey: recoveryKey.toLowerCase().replaceAll('-', ' ') }, TEST_OPTIONS);
    byRecovery.lock();
    const last = recoveryKey.at(-1) === '7' ? '8' : '7';
    const before = await snapshotFiles(dir);
    await expect(unlockVault(dir, { recoveryKey: `${recoveryKey.slice(0, -1)}${last}` }, TEST_OPTIONS)).rejects.toThrow(
      RecoveryKeyTypoError,
    );
    expect(await snapshotFiles(dir)).toEqual(before);
  });

  it('recovers a forgotten passphrase: new passphrase works, old fails, recovery key still works', async () => {
    const { vault, recoveryKey } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await vault.importRecords({ fileName: 'a.csv', format: 'csv' }, batchesOf(minuteSeries(3)));
    vault.lock();
    await expect(recoverVault(dir, recoveryKey, 'short', TEST_OPTIONS)).rejects.toThrow(WeakPassphraseError);
    const recovered = await recoverVault(dir, recoveryKey, 'a brand new passphrase', TEST_OPTIONS);
    expect(recovered.records('steps').records).toHaveLength(3);
    recovered.lock();
    await expect(unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS)).rejects.toThrow(WrongPassphraseError);
    (await unlockVault(dir, { passphrase: 'a brand new passphrase' }, TEST_OPTIONS)).lock();
    (await unlockVault(dir, { recoveryKey }, TEST_OPTIONS)).lock();
  });

  it('changes the passphrase without touching the database file', async () => {
    const { vault, recoveryKey } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await vault.importRecords({ fileName: 'a.csv', format: 'csv' }, batchesOf(minuteSeries(20)));
    const dbFiles = async (): Promise<Buffer[]> =>
      Promise.all(['vault.db', 'vault.db-wal', 'vault.db-shm'].map((f) => readFile(path.join(dir, f))));
    const before = await dbFiles();
    await expect(vault.changePassphrase('wrong passphrase', 'next passphrase!')).rejects.toThrow(WrongPassphraseError);
    await expect(vault.changePassphrase(PASSPHRASE, 'short')).rejects.toThrow(WeakPassphraseError);
    await vault.changePassphrase(PASSPHRASE, 'next passphrase!');
    expect(await dbFiles()).toEqual(before);
    vault.lock();
    await expect(unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS)).rejects.toThrow(WrongPassphraseError);
    const again = await unlockVault(dir, { passphrase: 'next passphrase!' }, TEST_OPTIONS);
    expect(again.records('steps', { limit: 100 }).records).toHaveLength(20);
    again.lock();
    (await unlockVault(dir, { recoveryKey }, TEST_OPTIONS)).lock();
  });

  it('issues a new recovery key; the old one stops working', async () => {
    const { vault, recoveryKey } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await expect(vault.issueRecoveryKey('wrong passphrase')).rejects.toThrow(WrongPassphraseError);
    const { recoveryKey: fresh } = await vault.issueRecoveryKey(PASSPHRASE);
    expect(fresh).not.toBe(recoveryKey);
    vault.lock();
    await expect(unlockVault(dir, { recoveryKey }, TEST_OPTIONS)).rejects.toThrow(WrongRecoveryKeyError);
    (await unlockVault(dir, { recoveryKey: fresh }, TEST_OPTIONS)).lock();
  });

  it('destroys a locked vault and refuses while it is unlocked', async () => {
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await expect(destroyVault(dir)).rejects.toThrow(VaultBusyError);
    vault.lock();
    await destroyVault(dir);
    expect(await readdir(root)).toEqual([]);
    await expect(destroyVault(dir)).rejects.toThrow(VaultNotFoundError);
    await expect(unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS)).rejects.toThrow(VaultNotFoundError);
  });

  it('keeps foreign files in the folder when destroying', async () => {
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    vault.lock();
    await import('node:fs/promises').then((fs) => fs.writeFile(path.join(dir, 'notes.txt'), 'mine'));
    await destroyVault(dir);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('names the missing file', async () => {
    await expect(unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS)).rejects.toThrow(VaultNotFoundError);
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    vault.lock();
    const { rename } = await import('node:fs/promises');
    await rename(path.join(dir, 'vault.db'), path.join(root, 'db.bak'));
    await expect(unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS)).rejects.toThrow(DatabaseMissingError);
    await rename(path.join(root, 'db.bak'), path.join(dir, 'vault.db'));
    await rename(path.join(dir, 'keys.json'), path.join(root, 'keys.bak'));
    await expect(unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS)).rejects.toThrow(KeyFileMissingError);
    await expect(unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS)).rejects.toThrow(
      'The key file (keys.json) is missing, and the database cannot be opened without it.',
    );
  });
});
