import type { DatasetNotFoundError, ImportInProgressError, VaultBusyError } from '../errors.js';
import type { VaultSession } from '../session.js';
import { checkpointTruncate, compact } from '../store/maintenance.js';
import { mapSqliteError } from '../store/sqlite-errors.js';
import { requireDataset } from './dataset-lookup.js';

export type EraseDatasetParameters = [kind: string];
export interface EraseDatasetReturnType {
  recordsErased: number;
  /**
   * What happened to the freed pages (which may still hold old copies):
   * `wiped` — gone from vault.db and its WAL;
   * `pending` — another process is reading the vault, so they could not be
   * wiped yet: they will be when the vault is next locked while no one else
   * reads it (or by the next erase);
   * `failed` — compaction failed (e.g. an unrelated damaged page); the
   * dataset is still erased. `compactionError` names the error.
   */
  freePages: 'wiped' | 'pending' | 'failed';
  compactionError?: string;
}
export type EraseDatasetErrorType = DatasetNotFoundError | ImportInProgressError | VaultBusyError;

/** Settings key of a compaction that an erase could not finish. */
export const COMPACTION_PENDING_SETTING = 'vault.compactionPending';

/**
 * GDPR erasure of one dataset: deletes it and its records (secure_delete
 * zeroes the freed content), then checkpoints and VACUUMs so the values are
 * gone from free pages, the WAL and the file — and says when that last step
 * could not be done. Refused while an import or an export of this process
 * runs, because their snapshots would keep old pages alive.
 */
export function eraseDataset(session: VaultSession, kind: string): EraseDatasetReturnType {
  session.assertIdle();
  const dataset = requireDataset(session.reads, kind);
  const erase = session.db.transaction(() => {
    session.writes.setSetting(COMPACTION_PENDING_SETTING, 'true');
    return session.writes.deleteDataset(dataset.id);
  });
  const recordsErased = erase.immediate();
  return { recordsErased, ...compactNow(session) };
}

/**
 * Compacts if an erase left that to do; clears the mark when done. Used by
 * erase and when the vault is locked. Never throws.
 */
export function compactIfPending(session: VaultSession): void {
  try {
    if (session.reads.setting(COMPACTION_PENDING_SETTING) !== undefined) compactNow(session);
  } catch {
    // Best effort: the mark stays for the next time.
  }
}

function compactNow(session: VaultSession): Pick<EraseDatasetReturnType, 'freePages' | 'compactionError'> {
  try {
    if (compact(session.db).busy) return { freePages: 'pending' };
    session.writes.deleteSetting(COMPACTION_PENDING_SETTING);
    checkpointTruncate(session.db); // the mark's own deletion; nothing of the erased data is in it
    return { freePages: 'wiped' };
  } catch (e) {
    const mapped = mapSqliteError(e);
    const name = mapped instanceof Error ? mapped.name : 'Error';
    if (name === 'VaultBusyError') return { freePages: 'pending' };
    return { freePages: 'failed', compactionError: name };
  }
}
