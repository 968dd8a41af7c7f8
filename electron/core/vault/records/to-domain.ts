import type { DatasetSummary, StoredRecord } from '../../../../shared/domain/record.js';
import type { DatasetRow, ImportJobRow, ImportJobStatus, RecordRow } from '../store/rows.js';

export function toDatasetSummary(row: DatasetRow): DatasetSummary {
  return {
    kind: row.kind,
    unit: row.unit,
    source: row.source,
    recordCount: row.record_count,
    from: row.t_min,
    to: row.t_max,
  };
}

export function toStoredRecord(kind: string, row: RecordRow): StoredRecord {
  return {
    id: row.id,
    kind,
    unit: row.unit,
    source: row.source,
    tStart: row.t_start,
    tEnd: row.t_end,
    valueNum: row.value_num,
    valueText: row.value_text,
    meta: row.meta === null ? null : (JSON.parse(row.meta) as StoredRecord['meta']),
  };
}

/** One entry of the import history. */
export interface ImportJobSummary {
  id: number;
  fileName: string;
  format: string;
  status: ImportJobStatus;
  startedAt: number;
  finishedAt: number | null;
  bytes: number | null;
  recordsAdded: number;
  recordsSkipped: number;
  /** Our short message (never record values), when failed/cancelled. */
  errorMessage: string | null;
}

export function toImportJobSummary(row: ImportJobRow): ImportJobSummary {
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.format,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    bytes: row.bytes,
    recordsAdded: row.records_added,
    recordsSkipped: row.records_skipped,
    errorMessage: row.error_message,
  };
}
