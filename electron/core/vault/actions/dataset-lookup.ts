import { DatasetNotFoundError } from '../errors.js';
import type { VaultReads } from '../store/reads.js';
import type { DatasetRow } from '../store/rows.js';

/** The dataset of `kind`, or DatasetNotFoundError. */
export function requireDataset(reads: VaultReads, kind: string): DatasetRow {
  const row = typeof kind === 'string' ? reads.datasetByKind(kind) : undefined;
  if (!row) throw new DatasetNotFoundError(String(kind));
  return row;
}
