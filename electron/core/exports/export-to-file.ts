/**
 * Writing something the owner asked to take out of the vault (a consent
 * receipt) to a file: a new temp file beside the target (random name, O_EXCL,
 * mode 0600), fsync'd, then renamed over the target, so a failure or a crash
 * leaves the old file or none, never half a file. Records exports stream
 * through the vault's own `exportToFile` (vault/export/to-file.ts), which adds
 * removal of the temp file on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../vault/keys/atomic-file.js';

/** Writes text to `target` atomically (mode 0600). */
export function writeTextFile(target: string, text: string): Promise<void> {
  return writeFileAtomic(resolve(target), text, { mode: 0o600 });
}
