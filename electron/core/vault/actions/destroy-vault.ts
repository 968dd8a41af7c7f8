import { randomBytes } from 'node:crypto';
import { open, readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { VaultBusyError, VaultNotFoundError } from '../errors.js';
import { fileExists } from '../fs-exists.js';
import { errnoCode, fsyncDir } from '../keys/atomic-file.js';
import { isVaultOpen } from '../open-registry.js';
import { KEY_FILE_NAME, vaultPaths } from '../paths.js';

export type DestroyVaultParameters = [dir: string];
export type DestroyVaultErrorType = VaultNotFoundError | VaultBusyError;

/**
 * Deletes a vault for good: keys.json is overwritten with random bytes and
 * synced before it is unlinked (without the wrapped key the database cannot
 * be decrypted, even from a copy), then the database files are removed, and
 * the folder too when nothing else is left in it. The vault must be locked.
 *
 * Note: on SSDs and copy-on-write file systems an overwrite may not reach
 * the original blocks; the guarantee rests on the key being gone, not on
 * the overwrite.
 */
export async function destroyVault(dir: string): Promise<void> {
  const paths = vaultPaths(dir);
  if (isVaultOpen(paths.dir)) throw new VaultBusyError('it is unlocked in this app; lock it first');
  const present = await Promise.all([paths.keys, paths.db].map(fileExists));
  if (!present.some(Boolean)) throw new VaultNotFoundError();

  if (present[0]) await shredFile(paths.keys);
  await Promise.all([paths.db, paths.wal, paths.shm, paths.journal, paths.keysLock].map((f) => rm(f, { force: true })));
  await removeKeyFileTemps(paths.dir);
  await fsyncDir(paths.dir);
  try {
    await rmdir(paths.dir);
  } catch (e) {
    if (errnoCode(e) !== 'ENOTEMPTY' && errnoCode(e) !== 'EEXIST') throw e;
  }
}

async function shredFile(file: string): Promise<void> {
  const { size } = await stat(file);
  const fh = await open(file, 'r+');
  try {
    await fh.write(randomBytes(Math.max(size, 1)), 0, Math.max(size, 1), 0);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rm(file);
}

/** Leftover temp files of an interrupted keys.json write. */
async function removeKeyFileTemps(dir: string): Promise<void> {
  const names = await readdir(dir);
  const temps = names.filter((n) => n.startsWith(`.${KEY_FILE_NAME}.`) && n.endsWith('.tmp'));
  await Promise.all(temps.map((n) => shredFile(path.join(dir, n))));
}
