/**
 * The writer side of imports. Atomic from the user's view: the whole import
 * runs in one transaction on a second connection (see import-run.ts), so
 * readers on the main connection keep seeing the old snapshot (WAL) until it
 * commits. Duplicates (same content hash) are skipped, so re-running an
 * import finishes it without doubling anything.
 */
import type { PreparedBatch } from '../records/prepared-batch.js';
import type { NewRecord } from '../../../../shared/domain/record.js';
import type { ImportCancelledError, ImportInProgressError, InvalidRecordError, VaultLockedError } from '../errors.js';
import type { VaultSession } from '../session.js';
import type { Connection } from '../store/database.js';
import { mapSqliteError } from '../store/sqlite-errors.js';
import { type BatchOutcome, type ImportJobInput, type ImportRecordsResult, ImportRun } from './import-run.js';

export type { BatchOutcome, ImportJobInput, ImportRecordsResult } from './import-run.js';

export interface ImportRecordsOptions {
  signal?: AbortSignal;
  /** Called after each batch is inserted (inside the transaction: counts are final only if the import commits). */
  onBatch?: (b: BatchOutcome) => void;
}

export type ImportRecordsParameters = [job: ImportJobInput, batches: AsyncIterable<NewRecord[] | PreparedBatch>, opts?: ImportRecordsOptions];
export type ImportRecordsErrorType = ImportInProgressError | ImportCancelledError | InvalidRecordError | VaultLockedError;

/** Page cache of the import connection: keeps the unique index hot (time-ordered inserts touch few pages; 64 MiB only added RSS). */
const IMPORT_CACHE_KIB = 24 * 1024;

export async function importRecords(
  session: VaultSession,
  job: ImportJobInput,
  batches: AsyncIterable<NewRecord[] | PreparedBatch>,
  opts: ImportRecordsOptions = {},
): Promise<ImportRecordsResult> {
  session.assertCanStartImport();
  let conn: Connection | undefined;
  let run: ImportRun;
  try {
    conn = session.openSideConnection(IMPORT_CACHE_KIB);
    run = new ImportRun(conn, job, session.options.now);
  } catch (e) {
    conn?.close();
    throw mapSqliteError(e);
  }
  session.importRun = run;
  try {
    return await run.run(batches, opts.signal, opts.onBatch);
  } finally {
    if (session.importRun === run) session.importRun = null;
    if (conn.open) conn.close();
  }
}
