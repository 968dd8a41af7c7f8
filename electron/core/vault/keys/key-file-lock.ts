/**
 * Every change of keys.json, in every process, goes through here: under the
 * cross-process key-file lock, the file is re-read, and a write replaces it
 * only if it is still the revision that was read (compare-and-swap on the
 * `revision` counter). No process can then write a key file from a stale
 * copy (undoing a passphrase change), or settle another process's rotation
 * while that one is running.
 */
import { KeyFileBusyError, KeyFileChangedError } from '../errors.js';
import type { VaultPaths } from '../paths.js';
import { lockFile } from '../store/file-lock.js';
import type { KeyFile } from './key-file-schema.js';
import { readKeyFile, writeKeyFile } from './key-file-io.js';

/** keys.json as seen by the holder of the lock. */
export interface KeyFileTransaction {
  /** Reads keys.json (again) and remembers its revision. */
  read(): Promise<KeyFile>;
  /**
   * Writes `next` as the following revision, if the file on disk is still
   * the revision last read or written here (KeyFileChangedError if not).
   * Returns what was written.
   */
  write(next: KeyFile): Promise<KeyFile>;
}

export const revisionOf = (kf: KeyFile): number => kf.revision ?? 0;

/**
 * Runs `fn` holding the key-file lock. Waits up to `waitMs` for another
 * holder, then throws KeyFileBusyError naming `waitingFor`.
 */
export async function withKeyFileLock<T>(
  paths: VaultPaths,
  opts: { waitMs: number; waitingFor: string },
  fn: (txn: KeyFileTransaction) => Promise<T>,
): Promise<T> {
  const lock = await lockFile(paths.keysLock, opts.waitMs);
  if (!lock) throw new KeyFileBusyError(opts.waitingFor, { details: `waited ${opts.waitMs} ms for ${paths.keysLock}` });
  let seen: number | null = null;
  const txn: KeyFileTransaction = {
    read: async () => {
      const kf = await readKeyFile(paths.keys);
      seen = revisionOf(kf);
      return kf;
    },
    write: async (next) => {
      if (seen === null) throw new Error('keys.json must be read before it is written');
      const onDisk = revisionOf(await readKeyFile(paths.keys));
      if (onDisk !== seen) throw new KeyFileChangedError({ details: `keys.json revision ${onDisk}, expected ${seen}` });
      const written: KeyFile = { ...next, revision: seen + 1 };
      await writeKeyFile(paths.keys, written);
      seen = seen + 1;
      return written;
    },
  };
  try {
    return await fn(txn);
  } finally {
    lock.release();
  }
}
