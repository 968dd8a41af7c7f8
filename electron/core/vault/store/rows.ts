/** Row shapes as SQLite returns them (snake_case), one per table/query. */

export interface DatasetRow {
  id: number;
  kind: string;
  unit: string | null;
  source: string | null;
  record_count: number;
  t_min: number | null;
  t_max: number | null;
  created_at: number;
  updated_at: number;
}

export interface RecordRow {
  id: number;
  t_start: number;
  t_end: number;
  value_num: number | null;
  value_text: string | null;
  unit: string | null;
  source: string | null;
  meta: string | null;
}

export interface BucketRow {
  bucket_start: number;
  count: number;
  sum: number;
  mean: number;
  min: number;
  max: number;
}

export type ImportJobStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface ImportJobRow {
  id: number;
  file_name: string;
  format: string;
  status: ImportJobStatus;
  started_at: number;
  finished_at: number | null;
  bytes: number | null;
  records_added: number;
  records_skipped: number;
  error_message: string | null;
}
