/**
 * The vault's files are readable by their owner only: the folder 0700 (also
 * when the user made it), vault.db, -wal, -shm, keys.json and keys.lock 0600,
 * whatever the umask. A vault from before this rule is tightened on unlock.
 */
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createVault, unlockVault } from '../../../electron/core/vault/index.js';
import { PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let umask: number;
beforeEach(async () => {
  ({ dir, cleanup } = await tempVaultDir());
  umask = process.umask(0o022);
});
afterEach(async () => {
  process.umask(umask);
  await cleanup();
});

const mode = async (file: string): Promise<string> => ((await stat(path.join(dir, file))).mode & 0o777).toString(8);

it('creates the folder 0700 and every file 0600, even in a folder the user made 0755', async () => {
  await mkdir(dir, { mode: 0o755 });
  const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
  await vault.changePassphrase(PASSPHRASE, 'another passphrase'); // takes the key-file lock
  try {
    expect(await mode('.')).toBe('700');
    for (const file of ['keys.json', 'keys.lock', 'vault.db', 'vault.db-wal', 'vault.db-shm']) expect([file, await mode(file)]).toEqual([file, '600']);
  } finally {
    vault.lock();
  }
});

it('tightens the modes of an existing vault on unlock', async () => {
  (await createVault(dir, PASSPHRASE, TEST_OPTIONS)).vault.lock();
  await chmod(dir, 0o755);
  await chmod(path.join(dir, 'vault.db'), 0o644);
  const vault = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
  try {
    expect(await mode('.')).toBe('700');
    for (const file of ['vault.db', 'vault.db-wal', 'vault.db-shm']) expect([file, await mode(file)]).toEqual([file, '600']);
  } finally {
    vault.lock();
  }
});
