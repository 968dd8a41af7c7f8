import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';

/**
 * What happened to Anvil's state file before start. Anvil writes it in place
 * (open with O_TRUNC, then write), so a crash or kill -9 during a periodic
 * dump can leave it truncated, and Anvil then refuses to start. We keep the
 * last file Anvil accepted as `<state>.bak` and fall back to it.
 *  - none: no state yet (first start) or the state file is sound
 *  - restored-backup: the state file was damaged or missing; the backup was restored
 *  - reset: the state file was damaged and no sound backup exists; the chain starts empty
 */
export type StateRecovery =
  | { kind: 'none'; fresh: boolean }
  | { kind: 'restored-backup'; damagedFile: string | null }
  | { kind: 'reset'; damagedFile: string };

function isSoundJson(path: string): boolean {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/** Copies via a temp name and rename, so the backup itself is never half-written. */
function atomicCopy(from: string, to: string): void {
  const tmp = `${to}.tmp`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/** Checks `stateFile`, rotates the backup, and repairs what can be repaired. */
export function prepareStateFile(stateFile: string, now: Date = new Date()): StateRecovery {
  const backup = `${stateFile}.bak`;
  if (!existsSync(stateFile)) {
    if (existsSync(backup) && isSoundJson(backup)) {
      atomicCopy(backup, stateFile);
      return { kind: 'restored-backup', damagedFile: null };
    }
    return { kind: 'none', fresh: true };
  }
  if (isSoundJson(stateFile)) {
    atomicCopy(stateFile, backup);
    return { kind: 'none', fresh: false };
  }
  const damagedFile = `${stateFile}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(stateFile, damagedFile);
  if (existsSync(backup) && isSoundJson(backup)) {
    atomicCopy(backup, stateFile);
    return { kind: 'restored-backup', damagedFile };
  }
  return { kind: 'reset', damagedFile };
}
