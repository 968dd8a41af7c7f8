import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { fileExists } from '../fs-exists.js';
import { errnoCode } from '../keys/atomic-file.js';
import { VaultExistsError, type WeakPassphraseError } from '../errors.js';
import { KEY_FILE_FORMAT, KEY_FILE_VERSION, type KeyFile } from '../keys/key-file-schema.js';
import { writeKeyFile } from '../keys/key-file-io.js';
import { createKeySet } from '../keys/wraps.js';
import { resolveVaultOptions, type VaultOptions } from '../options.js';
import { assertPassphraseAcceptable } from '../passphrase-policy.js';
import { type VaultPaths, vaultPaths } from '../paths.js';
import { VaultSession } from '../session.js';
import { openStore } from '../store/open-store.js';
import { mapSqliteError } from '../store/sqlite-errors.js';
import { Vault } from '../vault.js';
import { MAIN_CACHE_KIB, prepareDatabase, tightenFileModes } from './open-database.js';

export type CreateVaultParameters = [dir: string, passphrase: string, opts?: VaultOptions];
export interface CreateVaultReturnType {
  vault: Vault;
  /** Shown to the user exactly once; the app never stores it. */
  recoveryKey: string;
}
export type CreateVaultErrorType = VaultExistsError | WeakPassphraseError;

/**
 * Creates a vault in `dir` (made if absent): a random data key, keys.json
 * with its passphrase and recovery wraps, and an empty encrypted database.
 * Refuses when a vault (or any of its files) is already there.
 */
export async function createVault(dir: string, passphrase: string, opts?: VaultOptions): Promise<CreateVaultReturnType> {
  assertPassphraseAcceptable(passphrase);
  const options = resolveVaultOptions(opts);
  const paths = vaultPaths(dir);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await assertNoVaultFiles(paths);
  await tightenFileModes(paths);

  const dk = randomBytes(32);
  const vaultId = randomUUID();
  const { keySet, recoveryKey } = await createKeySet(vaultId, dk, passphrase, options.kdf, options.now());
  const keyFile: KeyFile = { format: KEY_FILE_FORMAT, version: KEY_FILE_VERSION, vaultId, current: keySet };
  try {
    await writeKeyFile(paths.keys, keyFile, { exclusive: true });
  } catch (e) {
    dk.fill(0);
    if (errnoCode(e) === 'EEXIST') throw new VaultExistsError();
    throw e;
  }

  try {
    // Created 0600 here, so SQLite's -wal and -shm (which copy its mode) are 0600 too.
    await (await open(paths.db, 'wx', 0o600)).close();
    const db = openStore(paths.db, dk, { create: true, cacheKiB: MAIN_CACHE_KIB });
    prepareDatabase(db, { existing: false, verify: 'none' });
    const session = new VaultSession({ paths, options, keyFile, dk, db });
    return { vault: new Vault(session), recoveryKey };
  } catch (e) {
    dk.fill(0);
    await removeFiles([paths.db, paths.wal, paths.shm, paths.journal, paths.keys]);
    throw mapSqliteError(e);
  }
}

async function assertNoVaultFiles(paths: VaultPaths): Promise<void> {
  const present = await Promise.all([paths.keys, paths.db, paths.wal].map(fileExists));
  if (present.some(Boolean)) throw new VaultExistsError({ details: 'keys.json or vault.db is already present' });
}

async function removeFiles(files: string[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f, { force: true })));
}
