import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateKeyFile } from '../../../electron/core/vault/actions/key-file-update.js';
import { rekeyDatabase, writePendingKeySet } from '../../../electron/core/vault/actions/rotate-data-key.js';
import {
  createVault,
  ImportInProgressError,
  KeyRotationIncompleteError,
  MIN_ARGON2_COST,
  unlockVault,
  type Vault,
  WrongPassphraseError,
  WrongRecoveryKeyError,
} from '../../../electron/core/vault/index.js';
import { parseKeyFile } from '../../../electron/core/vault/keys/key-file-io.js';
import type { KeyFile } from '../../../electron/core/vault/keys/key-file-schema.js';
import { createKeySet } from '../../../electron/core/vault/keys/wraps.js';
import { openStore } from '../../../electron/core/vault/store/open-store.js';
import { sessionOf } from '../../../electron/core/vault/vault.js';
import { batchesOf, minuteSeries, PASSPHRASE, snapshotFiles, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

describe('data key rotation', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let vault: Vault;
  let recoveryKey: string;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempVaultDir());
    ({ vault, recoveryKey } = await createVault(dir, PASSPHRASE, TEST_OPTIONS));
    await vault.importRecords({ fileName: 'a.csv', format: 'csv' }, batchesOf(minuteSeries(500)));
  });
  afterEach(async () => {
    vault.lock();
    await cleanup();
  });

  const keyFile = async (): Promise<KeyFile> => parseKeyFile(await readFile(path.join(dir, 'keys.json'), 'utf8'));
  const dbPath = (): string => path.join(dir, 'vault.db');

  it('re-encrypts under a new key, keeps the data, and retires the old recovery key', async () => {
    const oldDk = Buffer.from(sessionOf(vault).dk);
    const oldKeyId = (await keyFile()).current.dataKeyId;
    await expect(vault.rotateDataKey('wrong passphrase')).rejects.toThrow(WrongPassphraseError);
    const { recoveryKey: fresh } = await vault.rotateDataKey(PASSPHRASE);
    expect(fresh).not.toBe(recoveryKey);
    expect(vault.records('steps', { limit: 1000 }).records).toHaveLength(500);

    const kf = await keyFile();
    expect(kf.pending).toBeUndefined();
    expect(kf.current.dataKeyId).not.toBe(oldKeyId);
    vault.lock();

    expect(() => openStore(dbPath(), oldDk)).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    await expect(unlockVault(dir, { recoveryKey }, TEST_OPTIONS)).rejects.toThrow(WrongRecoveryKeyError);
    const byRecovery = await unlockVault(dir, { recoveryKey: fresh }, TEST_OPTIONS);
    byRecovery.lock();
    vault = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    expect(vault.listDatasets()[0]?.recordCount).toBe(500);
    expect((await readFile(dbPath())).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
  });

  it('keeps a keychain wrap across a passphrase change and drops it on rotation (it seals the old key)', async () => {
    vault.lock();
    const file = path.join(dir, 'keys.json');
    const kf = await keyFile();
    const keychain = { backend: 'test-backend', sealedKek: 'AAECAw==', box: kf.current.passphrase.box };
    await writeFile(file, JSON.stringify({ ...kf, current: { ...kf.current, keychain } }));
    vault = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    await vault.changePassphrase(PASSPHRASE, 'second passphrase');
    expect((await keyFile()).current.keychain).toEqual(keychain);
    await vault.rotateDataKey('second passphrase');
    expect((await keyFile()).current.keychain).toBeUndefined();
  });

  it('is refused while an import runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow(): AsyncGenerator<ReturnType<typeof minuteSeries>> {
      yield minuteSeries(5, Date.UTC(2025, 0, 1));
      await gate;
    }
    const running = vault.importRecords({ fileName: 'b.csv', format: 'csv' }, slow());
    await new Promise((r) => setImmediate(r));
    await expect(vault.rotateDataKey(PASSPHRASE)).rejects.toThrow(ImportInProgressError);
    release();
    await running;
  });

  it('survives a crash after the pending keys were written but before the rekey', async () => {
    const s = sessionOf(vault);
    const oldKeyId = s.keyFile.current.dataKeyId;
    const { keySet } = await createKeySet(vault.vaultId, randomBytes(32), PASSPHRASE, MIN_ARGON2_COST, 0);
    await updateKeyFile(s, (txn) => writePendingKeySet(s, txn, keySet));
    vault.lock(); // the "crash"
    expect((await keyFile()).pending?.dataKeyId).toBe(keySet.dataKeyId);

    vault = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    expect(vault.listDatasets()[0]?.recordCount).toBe(500);
    const kf = await keyFile();
    expect(kf.pending).toBeUndefined();
    expect(kf.current.dataKeyId).toBe(oldKeyId);
    vault.lock();
    vault = await unlockVault(dir, { recoveryKey }, TEST_OPTIONS); // rotation never happened
  });

  it('survives a crash after the rekey but before the promotion', async () => {
    const s = sessionOf(vault);
    const newDk = randomBytes(32);
    const { keySet } = await createKeySet(vault.vaultId, newDk, PASSPHRASE, MIN_ARGON2_COST, 0);
    await updateKeyFile(s, (txn) => writePendingKeySet(s, txn, keySet));
    rekeyDatabase(s, newDk);
    vault.lock(); // the "crash"

    // The old recovery key unwraps the old key, which no longer opens the database.
    const before = await snapshotFiles(dir);
    await expect(unlockVault(dir, { recoveryKey }, TEST_OPTIONS)).rejects.toThrow(KeyRotationIncompleteError);
    await expect(unlockVault(dir, { passphrase: 'wrong passphrase' }, TEST_OPTIONS)).rejects.toThrow(WrongPassphraseError);
    expect(await snapshotFiles(dir)).toEqual(before);

    vault = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    expect(vault.records('steps', { limit: 1000 }).records).toHaveLength(500);
    const kf = await keyFile();
    expect(kf.pending).toBeUndefined();
    expect(kf.current.dataKeyId).toBe(keySet.dataKeyId);
    expect(kf.current.recovery).toBeUndefined();
    expect(vault.hasRecoveryKey).toBe(false);

    const { recoveryKey: fresh } = await vault.issueRecoveryKey(PASSPHRASE);
    expect(vault.hasRecoveryKey).toBe(true);
    vault.lock();
    vault = await unlockVault(dir, { recoveryKey: fresh }, TEST_OPTIONS);
    expect(vault.listDatasets()[0]?.recordCount).toBe(500);
  });
});
