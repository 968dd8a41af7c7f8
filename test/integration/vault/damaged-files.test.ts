import { copyFile, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createVault,
  DatabaseCorruptError,
  KeyFileCorruptError,
  KeyFileMissingError,
  unlockVault,
  type Vault,
  VaultNewerThanAppError,
  WrongPassphraseError,
} from '../../../electron/core/vault/index.js';
import { fileExists } from '../../../electron/core/vault/fs-exists.js';
import { sessionOf } from '../../../electron/core/vault/vault.js';
import { batchesOf, minuteSeries, PASSPHRASE, snapshotFiles, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

describe('damaged or missing vault files', () => {
  let root: string;
  let dir: string;
  let cleanup: () => Promise<void>;
  let keysPath: string;
  beforeEach(async () => {
    ({ root, dir, cleanup } = await tempVaultDir());
    keysPath = path.join(dir, 'keys.json');
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await vault.importRecords({ fileName: 'a.csv', format: 'csv' }, batchesOf(minuteSeries(3000)));
    vault.lock();
  });
  afterEach(() => cleanup());

  const unlock = (): Promise<unknown> => unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
  const editKeys = async (fn: (j: Record<string, Record<string, Record<string, Record<string, unknown>>>>) => void): Promise<void> => {
    const json = JSON.parse(await readFile(keysPath, 'utf8'));
    fn(json);
    await writeFile(keysPath, JSON.stringify(json));
  };

  it('garbage or a truncated keys.json → KeyFileCorruptError', async () => {
    const original = await readFile(keysPath);
    await writeFile(keysPath, original.subarray(0, 100));
    await expect(unlock()).rejects.toThrow(KeyFileCorruptError);
    await writeFile(keysPath, Buffer.alloc(0));
    await expect(unlock()).rejects.toThrow(KeyFileCorruptError);
    await writeFile(keysPath, Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    await expect(unlock()).rejects.toThrow(KeyFileCorruptError);
  });

  it('downgraded KDF settings → KeyFileCorruptError, even with the right passphrase', async () => {
    await editKeys((j) => void (j.current!.passphrase!.kdf!.memoryKiB = 8));
    await expect(unlock()).rejects.toThrow(/memoryKiB is invalid/);
  });

  it('edited (still valid) KDF settings or vault id fail to unwrap, changing nothing', async () => {
    await editKeys((j) => void (j.current!.passphrase!.kdf!.iterations = 3));
    const before = await snapshotFiles(dir);
    await expect(unlock()).rejects.toThrow(WrongPassphraseError);
    expect(await snapshotFiles(dir)).toEqual(before);
    await editKeys((j) => {
      j.current!.passphrase!.kdf!.iterations = 2;
      (j as Record<string, unknown>).vaultId = '00000000-0000-4000-8000-000000000000';
    });
    await expect(unlock()).rejects.toThrow(WrongPassphraseError);
  });

  it('missing keys.json → KeyFileMissingError naming the way out', async () => {
    await rm(keysPath);
    await expect(unlock()).rejects.toThrow(KeyFileMissingError);
    await expect(unlock()).rejects.toMatchObject({ hint: expect.stringContaining('Restore keys.json from a backup') });
  });

  const damageMiddlePage = async (): Promise<void> => {
    const fh = await open(path.join(dir, 'vault.db'), 'r+');
    const { size } = await fh.stat();
    await fh.write(Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
    await fh.close();
  };

  it('a damaged database with valid keys → DatabaseCorruptError at unlock with verifyOnUnlock: quick', async () => {
    await damageMiddlePage();
    await expect(unlockVault(dir, { passphrase: PASSPHRASE }, { ...TEST_OPTIONS, verifyOnUnlock: 'quick' })).rejects.toThrow(DatabaseCorruptError);
  });

  it('after a clean lock (no WAL left) unlock skips the full check; a damaged page still fails on read, never silently', async () => {
    expect(await fileExists(path.join(dir, 'vault.db-wal'))).toBe(false);
    await damageMiddlePage();
    const vault = (await unlock()) as Vault;
    try {
      expect(() => vault.records('steps', { limit: 10_000 })).toThrow(DatabaseCorruptError);
    } finally {
      vault.lock();
    }
  });

  it('after an unclean end (WAL left behind) unlock runs the quick check and reports the damage', async () => {
    await damageMiddlePage();
    await writeFile(path.join(dir, 'vault.db-wal'), Buffer.alloc(0));
    await expect(unlock()).rejects.toThrow(DatabaseCorruptError);
  });

  it('an emptied database → DatabaseCorruptError, not a silently empty vault', async () => {
    await truncate(path.join(dir, 'vault.db'), 0);
    await rm(path.join(dir, 'vault.db-wal'), { force: true });
    await expect(unlock()).rejects.toThrow(DatabaseCorruptError);
  });

  it("another vault's database → DatabaseCorruptError", async () => {
    const other = path.join(root, 'other');
    (await createVault(other, PASSPHRASE, TEST_OPTIONS)).vault.lock();
    await copyFile(path.join(other, 'vault.db'), path.join(dir, 'vault.db'));
    await rm(path.join(dir, 'vault.db-wal'), { force: true });
    await rm(path.join(dir, 'vault.db-shm'), { force: true });
    await expect(unlock()).rejects.toThrow('The vault database is damaged: the key is right, but the database cannot be read.');
  });

  it('a schema newer than the app → VaultNewerThanAppError', async () => {
    const vault = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    sessionOf(vault).db.pragma('user_version = 99');
    vault.lock();
    await expect(unlock()).rejects.toThrow(VaultNewerThanAppError);
  });
});
