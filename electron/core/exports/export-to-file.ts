/**
 * Writing something the owner asked to take out of the vault (a records
 * export, a consent receipt) to a file: into a temp file next to the target
 * (mode 0600), fsync'd, then renamed over the target, so a failure or a crash
 * leaves the old file or none, never half a file; SIGINT/SIGTERM removes the
 * temp file. The export itself is not
 * encrypted: the person chose to take it out.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { guardTempFile } from '../vault/export/temp-file-guard.js';
import { fsyncDir, writeFileAtomic } from '../vault/keys/atomic-file.js';

function tempNext(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
}

/** Streams into `target` atomically: `write` gets a stream it must not end. Returns what `write` returned. */
export async function writeStreamToFile<T>(target: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const path = resolve(target);
  const partial = tempNext(path);
  const release = guardTempFile(partial);
  try {
    const out = createWriteStream(partial, { mode: 0o600, flags: 'wx' });
    let result: T;
    try {
      result = await write(out);
    } finally {
      out.end();
      await finished(out).catch(() => undefined);
    }
    if (out.errored) throw out.errored;
    const fh = await open(partial, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(partial, path);
    await fsyncDir(dirname(path));
    return result;
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  } finally {
    release();
  }
}

/** Writes text to `target` atomically (mode 0600). */
export function writeTextFile(target: string, text: string): Promise<void> {
  return writeFileAtomic(resolve(target), text, { mode: 0o600 });
}
