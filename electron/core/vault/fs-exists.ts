import { stat } from 'node:fs/promises';
import { errnoCode } from './keys/atomic-file.js';

/** True when `file` exists; false for ENOENT/ENOTDIR; other errors propagate. */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw e;
  }
}
