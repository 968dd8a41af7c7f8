import type { DatasetNotFoundError, ImportInProgressError, VaultBusyError } from '../errors.js';
import type { VaultSession } from '../session.js';
import { compact } from '../store/maintenance.js';
import { requireDataset } from './dataset-lookup.js';

export type EraseDatasetParameters = [kind: string];
export interface EraseDatasetReturnType {
  recordsErased: number;
}
export type EraseDatasetErrorType = DatasetNotFoundError | ImportInProgressError | VaultBusyError;

/**
 * GDPR erasure of one dataset: deletes it and its records (secure_delete
 * zeroes the freed content), then checkpoints and VACUUMs so the values are
 * gone from free pages, the WAL and the file. Refused while an import or an
 * export runs, because their snapshots would keep old pages alive.
 */
export function eraseDataset(session: VaultSession, kind: string): EraseDatasetReturnType {
  session.assertIdle();
  const dataset = requireDataset(session.reads, kind);
  const erase = session.db.transaction(() => session.writes.deleteDataset(dataset.id));
  const recordsErased = erase.immediate();
  compact(session.db);
  return { recordsErased };
}
