/**
 * Export into a file, never half-written and never readable by others: the
 * records go to a new temp file beside the target (random name, created with
 * O_EXCL and mode 0600, so a file or symlink planted there is never written
 * through), which is flushed and renamed over the target only when complete.
 * On failure, and on SIGINT/SIGTERM, the temp file is removed. Two exports to
 * one target each write their own temp file; the target ends as one complete
 * export.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ExportTargetError } from '../errors.js';
import { type ExportOptions, exportRecords, type ExportResult } from '../export.js';
import { errnoCode, fsyncDir } from '../keys/atomic-file.js';
import type { VaultSession } from '../session.js';
import { guardTempFile } from './temp-file-guard.js';

export interface ExportToFileResult extends ExportResult {
  /** Absolute path of the written file. */
  file: string;
}

export async function exportRecordsToFile(session: VaultSession, file: string, opts: ExportOptions): Promise<ExportToFileResult> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(8).toString('hex')}.partial`);
  // Guarded before it exists: a signal that lands while the file is being created still removes it.
  const release = guardTempFile(tmp);
  let fh;
  try {
    fh = await open(tmp, 'wx', 0o600);
  } catch (e) {
    release();
    throw new ExportTargetError(path.basename(target), errnoCode(e) ?? 'unknown', { cause: e });
  }
  let renamed = false;
  try {
    const handle = fh;
    const result = await exportRecords(session, async (chunk) => void (await handle.write(chunk)), opts);
    await handle.sync();
    await handle.close();
    fh = undefined;
    try {
      await rename(tmp, target);
    } catch (e) {
      throw new ExportTargetError(path.basename(target), errnoCode(e) ?? 'unknown', { cause: e });
    }
    renamed = true;
    await fsyncDir(dir);
    return { ...result, file: target };
  } finally {
    await fh?.close().catch(() => undefined);
    if (!renamed) await unlink(tmp).catch(() => undefined);
    release();
  }
}
