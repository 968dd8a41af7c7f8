/**
 * Every write the vault makes, behind one typed interface (the reads are in
 * reads.ts). The import path uses the same interface on its own connection.
 */
import { type Connection, SqliteError, type Statement } from './database.js';
import type { ImportJobStatus } from './rows.js';
import { StatementCache } from './statements.js';
import { sourceKey } from './source-key.js';

export interface NewImportJob {
  fileName: string;
  format: string;
  bytes: number | null;
  startedAt: number;
}

export interface FinishedImportJob {
  status: Exclude<ImportJobStatus, 'running'>;
  finishedAt: number;
  added: number;
  skipped: number;
  errorMessage: string | null;
}

/** The per-record values the import writes (a NewRecord fits). */
export interface RecordValues {
  tStart: number;
  tEnd: number;
  valueNum: number | null;
  valueText: string | null;
  unit: string | null;
  source: string | null;
}

export interface VaultWrites {
  begin(): void;
  commit(): void;
  rollback(): void;
  setSetting(key: string, json: string): void;
  deleteSetting(key: string): boolean;
  /** Jobs still `running` from a process that died; returns how many. */
  markRunningJobsInterrupted(now: number): number;
  /**
   * Marks `running` jobs interrupted only when there are some and the write
   * lock is free at once: an import running in another process holds it
   * (then its job is left alone). Reads first, so an unlock writes nothing
   * and never waits for a writer. Returns how many were marked.
   */
  markInterruptedJobsIfIdle(now: number): number;
  insertImportJob(job: NewImportJob): number;
  finishImportJob(id: number, result: FinishedImportJob): void;
  /** Id of the dataset of `kind`, created (empty) when absent. */
  ensureDataset(kind: string, unit: string | null, source: string | null, now: number): number;
  /**
   * Inserts unless a record with the same content exists; true when inserted.
   * Positional so the hot path allocates nothing per row. `meta` is
   * canonical JSON text or null; `hash` the 16-byte content hash.
   */
  insertRecord(datasetId: number, r: RecordValues, meta: string | null, hash: Buffer, importId: number): boolean;
  /**
   * insertRecord with every value positional (the import's hot path over a
   * PreparedBatch), in the stored form of migration 007: `sourceId` is a
   * `sources` row (then `source` is null) or null; `deviceAt` ≥ 0 when meta
   * is stored without that source's device (records/stored-meta.ts), else null.
   */
  insertRow(
    datasetId: number,
    tStart: number,
    tEnd: number,
    valueNum: number | null,
    valueText: string | null,
    unit: string | null,
    source: string | null,
    meta: string | null,
    hash: Buffer,
    importId: number,
    sourceId: number | null,
    deviceAt: number | null,
  ): boolean;
  /**
   * insertRow for ROWS_PER_INSERT rows in one statement: `values` holds
   * ROWS_PER_INSERT × INSERT_ROW_COLUMNS values, row after row, in
   * insertRow's order. Returns how many rows were inserted.
   */
  insertRows(values: readonly unknown[]): number;
  /** The largest `records.id` (0 when there are none): rows inserted after this call get larger ids. */
  maxRecordId(): number;
  /** `dataset_id`, `t_start` and hash of the records with an id above `id` (those one insertRows call just added). */
  recordKeysAfter(id: number): { datasetId: number; tStart: number; hash: Buffer }[];
  /** Id of the `sources` row of (source, device), created when absent. */
  ensureSource(source: string | null, device: string | null): number;
  addToDatasetStats(datasetId: number, added: number, tMin: number, tMax: number, now: number): void;
  /** The import that stored the record with this content (after insertRow said it exists), or null. */
  existingImportId(datasetId: number, tStart: number, hash: Buffer): number | null;
  /** Deletes a dataset and its records, and the sources no record uses any more; returns the records deleted. */
  deleteDataset(datasetId: number): number;
}

/** Rows per multi-row INSERT (insertRows): one statement step and one round trip into SQLite for this many records. */
export const ROWS_PER_INSERT = 64;
/** Values per row of insertRow / insertRows. */
export const INSERT_ROW_COLUMNS = 12;
const INSERT_ROW_INTO = `INSERT OR IGNORE INTO records
         (dataset_id, t_start, t_end, value_num, value_text, unit, source, meta, hash, import_id, source_id, device_at)
       VALUES`;
const ROW_PLACEHOLDERS = `(${Array.from({ length: INSERT_ROW_COLUMNS }, () => '?').join(', ')})`;

export function createWrites(db: Connection): VaultWrites {
  const sql = new StatementCache(db);
  const insertRecord = sql.get<unknown[]>(
    `INSERT OR IGNORE INTO records
       (dataset_id, t_start, t_end, value_num, value_text, unit, source, meta, hash, import_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Prepared on first use: migrations before 007 write through this interface on the older schema.
  let insertRow: Statement | undefined;
  const insertRowStatement = (): Statement =>
    (insertRow ??= sql.get(`${INSERT_ROW_INTO} ${ROW_PLACEHOLDERS}`));
  let insertRows: Statement | undefined;
  const insertRowsStatement = (): Statement =>
    (insertRows ??= sql.get(`${INSERT_ROW_INTO} ${Array.from({ length: ROWS_PER_INSERT }, () => ROW_PLACEHOLDERS).join(', ')}`));
  return {
    begin: () => void sql.get('BEGIN IMMEDIATE').run(),
    commit: () => void sql.get('COMMIT').run(),
    rollback: () => {
      if (db.inTransaction) sql.get('ROLLBACK').run();
    },
    setSetting: (key, json) =>
      void sql
        .get('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(key, json),
    deleteSetting: (key) => sql.get('DELETE FROM settings WHERE key = ?').run(key).changes > 0,
    markInterruptedJobsIfIdle: (now) => {
      const running = sql.get<[], { n: number }>("SELECT count(*) AS n FROM import_jobs WHERE status = 'running'").get();
      if (!running || running.n === 0) return 0;
      const timeout = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma('busy_timeout = 0');
      try {
        sql.get('BEGIN IMMEDIATE').run();
      } catch (e) {
        if (e instanceof SqliteError && e.code.startsWith('SQLITE_BUSY')) return 0;
        throw e;
      } finally {
        db.pragma(`busy_timeout = ${timeout}`);
      }
      try {
        const n = sql.get("UPDATE import_jobs SET status = 'interrupted', finished_at = ? WHERE status = 'running'").run(now).changes;
        sql.get('COMMIT').run();
        return n;
      } finally {
        if (db.inTransaction) sql.get('ROLLBACK').run();
      }
    },
    markRunningJobsInterrupted: (now) =>
      sql.get("UPDATE import_jobs SET status = 'interrupted', finished_at = ? WHERE status = 'running'").run(now).changes,
    insertImportJob: (job) =>
      Number(
        sql
          .get("INSERT INTO import_jobs (file_name, format, status, started_at, bytes) VALUES (?, ?, 'running', ?, ?)")
          .run(job.fileName, job.format, job.startedAt, job.bytes).lastInsertRowid,
      ),
    finishImportJob: (id, r) =>
      void sql
        .get(
          `UPDATE import_jobs SET status = ?, finished_at = ?, records_added = ?, records_skipped = ?, error_message = ?
           WHERE id = ?`,
        )
        .run(r.status, r.finishedAt, r.added, r.skipped, r.errorMessage, id),
    ensureDataset: (kind, unit, source, now) => {
      sql
        .get(
          `INSERT INTO datasets (kind, unit, source, record_count, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)
           ON CONFLICT (kind) DO NOTHING`,
        )
        .run(kind, unit, source, now, now);
      return sql.get<[string], number>('SELECT id FROM datasets WHERE kind = ?').pluck().get(kind) as number;
    },
    insertRecord: (datasetId, r, meta, hash, importId) =>
      insertRecord.run(datasetId, r.tStart, r.tEnd, r.valueNum, r.valueText, r.unit, r.source, meta, hash, importId).changes === 1,
    insertRow: (datasetId, tStart, tEnd, valueNum, valueText, unit, source, meta, hash, importId, sourceId, deviceAt) =>
      insertRowStatement().run(datasetId, tStart, tEnd, valueNum, valueText, unit, source, meta, hash, importId, sourceId, deviceAt).changes === 1,
    insertRows: (values) => {
      if (values.length !== ROWS_PER_INSERT * INSERT_ROW_COLUMNS) throw new RangeError(`insertRows takes ${ROWS_PER_INSERT} rows`);
      return insertRowsStatement().run(values).changes;
    },
    maxRecordId: () => (sql.get<[], number | null>('SELECT max(id) FROM records').pluck().get() as number | null) ?? 0,
    recordKeysAfter: (id) =>
      sql.get<[number], { datasetId: number; tStart: number; hash: Buffer }>('SELECT dataset_id AS datasetId, t_start AS tStart, hash FROM records WHERE id > ?').all(id),
    ensureSource: (source, device) => {
      const key = sourceKey(source, device);
      sql.get('INSERT INTO sources (key, source, device) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING').run(key, source, device);
      return sql.get<[string], number>('SELECT id FROM sources WHERE key = ?').pluck().get(key) as number;
    },
    existingImportId: (datasetId, tStart, hash) =>
      (sql
        .get<[number, number, Buffer], number | null>('SELECT import_id FROM records WHERE dataset_id = ? AND t_start = ? AND hash = ?')
        .pluck()
        .get(datasetId, tStart, hash) as number | null | undefined) ?? null,
    addToDatasetStats: (datasetId, added, tMin, tMax, now) =>
      void sql
        .get(
          `UPDATE datasets SET record_count = record_count + ?,
             t_min = min(coalesce(t_min, ?), ?), t_max = max(coalesce(t_max, ?), ?), updated_at = ?
           WHERE id = ?`,
        )
        .run(added, tMin, tMin, tMax, tMax, now, datasetId),
    deleteDataset: (datasetId) => {
      const deleted = sql.get('DELETE FROM records WHERE dataset_id = ?').run(datasetId).changes;
      sql.get('DELETE FROM datasets WHERE id = ?').run(datasetId);
      // One scan of records (the subquery is materialised once), not one per source.
      sql.get('DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM records WHERE source_id IS NOT NULL)').run();
      return deleted;
    },
  };
}
