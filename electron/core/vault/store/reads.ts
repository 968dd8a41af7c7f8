/**
 * Every read the vault makes, behind one typed interface. Services never
 * build SQL; they call these. Statements are prepared once per connection.
 */
import type { Connection } from './database.js';
import { INT64_MAX, INT64_MIN } from './bounds.js';
import type { BucketRow, DatasetRow, ImportJobRow, RecordRow } from './rows.js';
import { StatementCache } from './statements.js';
import { FULL_META_FUNCTION, registerFullMeta } from './full-meta.js';

export interface RecordRange {
  /** Inclusive lower bound on t_start; null = unbounded. */
  from: number | null;
  /** Exclusive upper bound on t_start; null = unbounded. */
  to: number | null;
}

export interface RecordPageQuery extends RecordRange {
  /** Keyset position: rows strictly after (tStart, id). */
  after: { tStart: number; id: number } | null;
  limit: number;
}

export interface BucketQuery extends RecordRange {
  bucketMs: number;
  offsetMs: number;
}

export interface VaultReads {
  /** Starts a read transaction: later reads see one snapshot until endSnapshot(). */
  beginSnapshot(): void;
  endSnapshot(): void;
  listDatasets(): DatasetRow[];
  datasetByKind(kind: string): DatasetRow | undefined;
  recordPage(datasetId: number, q: RecordPageQuery): RecordRow[];
  /** Streams a dataset's records in (t_start, id) order. */
  iterateRecords(datasetId: number): IterableIterator<RecordRow>;
  buckets(datasetId: number, q: BucketQuery): BucketRow[];
  /** How many records of a dataset start in the range (all of them, numeric or not). */
  countRecords(datasetId: number, q: RecordRange): number;
  importJobs(limit: number): ImportJobRow[];
  importJob(id: number): ImportJobRow | undefined;
  setting(key: string): string | undefined;
}

/**
 * A record's columns as they were before migration 007: the source and the
 * meta.device of rows that point into `sources` are put back (see
 * records/stored-meta.ts), so every reader sees the same values and the
 * same canonical meta text either way.
 */
const RECORD_COLUMNS = `r.id AS id, r.t_start AS t_start, r.t_end AS t_end, r.value_num AS value_num, r.value_text AS value_text,
  r.unit AS unit, coalesce(r.source, s.source) AS source, ${FULL_META_FUNCTION}(r.meta, r.device_at, s.device) AS meta
  FROM records r LEFT JOIN sources s ON s.id = r.source_id`;

export function createReads(db: Connection): VaultReads {
  registerFullMeta(db);
  const sql = new StatementCache(db);
  return {
    beginSnapshot: () => void sql.get('BEGIN DEFERRED').run(),
    endSnapshot: () => {
      if (db.inTransaction) sql.get('COMMIT').run();
    },
    listDatasets: () => sql.get<[], DatasetRow>('SELECT * FROM datasets ORDER BY kind').all(),
    datasetByKind: (kind) => sql.get<[string], DatasetRow>('SELECT * FROM datasets WHERE kind = ?').get(kind),
    recordPage: (datasetId, q) =>
      sql
        .get<unknown[], RecordRow>(
          `SELECT ${RECORD_COLUMNS}
           WHERE r.dataset_id = ? AND r.t_start >= ? AND r.t_start < ? AND (r.t_start, r.id) > (?, ?)
           ORDER BY r.t_start, r.id LIMIT ?`,
        )
        .all(datasetId, q.from ?? INT64_MIN, q.to ?? INT64_MAX, q.after?.tStart ?? INT64_MIN, q.after?.id ?? INT64_MIN, q.limit),
    iterateRecords: (datasetId) =>
      sql
        .get<[number], RecordRow>(`SELECT ${RECORD_COLUMNS} WHERE r.dataset_id = ? ORDER BY r.t_start, r.id`)
        .iterate(datasetId),
    buckets: (datasetId, q) =>
      sql
        .get<unknown[], BucketRow>(
          `SELECT ((t_start + $off) - ((((t_start + $off) % $b) + $b) % $b)) - $off AS bucket_start,
                  count(value_num) AS count, sum(value_num) AS sum, avg(value_num) AS mean,
                  min(value_num) AS min, max(value_num) AS max
           FROM records
           WHERE dataset_id = $id AND t_start >= $from AND t_start < $to AND value_num IS NOT NULL
           GROUP BY bucket_start ORDER BY bucket_start`,
        )
        .all({ id: datasetId, off: q.offsetMs, b: q.bucketMs, from: q.from ?? INT64_MIN, to: q.to ?? INT64_MAX }),
    countRecords: (datasetId, q) =>
      sql
        .get<unknown[], number>('SELECT count(*) FROM records WHERE dataset_id = ? AND t_start >= ? AND t_start < ?')
        .pluck()
        .get(datasetId, q.from ?? INT64_MIN, q.to ?? INT64_MAX)!,
    importJobs: (limit) => sql.get<[number], ImportJobRow>('SELECT * FROM import_jobs ORDER BY id DESC LIMIT ?').all(limit),
    importJob: (id) => sql.get<[number], ImportJobRow>('SELECT * FROM import_jobs WHERE id = ?').get(id),
    setting: (key) =>
      sql
        .get<[string], string>('SELECT value FROM settings WHERE key = ?')
        .pluck()
        .get(key),
  };
}
