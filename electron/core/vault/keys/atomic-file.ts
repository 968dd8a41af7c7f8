import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Fail with EEXIST instead of replacing an existing file. */
  exclusive?: boolean;
  mode?: number;
}

/**
 * Writes a file so that readers see either the old or the new content, even
 * across a crash: temp file in the same folder, fsync, rename (or link when
 * exclusive), then fsync of the folder.
 */
export async function writeFileAtomic(target: string, data: string | Buffer, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', opts.mode ?? 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined); // never leave a partial temp file behind (e.g. disk full)
    throw e;
  }
  await fh.close();
  try {
    if (opts.exclusive) await linkExclusive(tmp, target);
    else await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fsyncDir(dir);
}

async function linkExclusive(tmp: string, target: string): Promise<void> {
  try {
    await link(tmp, target);
  } catch (e) {
    if (errnoCode(e) === 'EEXIST') throw e;
    // File systems without hard links: best effort "create if absent".
    const probe = await open(target, 'wx');
    await probe.close();
    await rename(tmp, target);
    return;
  }
  await unlink(tmp);
}

/** fsync a folder so a rename in it is durable (no-op where unsupported). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES', 'EBADF'].includes(errnoCode(e) ?? '')) throw e;
  } finally {
    await fh?.close();
  }
}

export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}
