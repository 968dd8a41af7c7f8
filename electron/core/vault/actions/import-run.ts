/**
 * One import on its own connection: the job row is committed as `running`,
 * then every batch goes into ONE transaction (INSERT OR IGNORE on the content
 * hash, cached prepared statement, batches inserted synchronously), the
 * dataset stats and the job outcome are written, and it commits. On error or
 * abort it rolls back and records the job as failed/cancelled.
 *
 * Works on any connection from `openStore`, encrypted or not, so the
 * benchmark can compare both on the same code path (see `bench/`).
 */
import type { ImportFormat, NewRecord } from '../../../../shared/domain/record.js';
import { WalletError } from '../../errors.js';
import { ImportCancelledError, InvalidRecordError, VaultLockedError } from '../errors.js';
import {
  FIELD_KIND,
  FIELD_META,
  FIELD_SOURCE,
  FIELD_UNIT,
  FIELD_VALUE_TEXT,
  fieldOf,
  BatchPreparer,
  isPreparedBatch,
  preparedBatchProblem,
  type PreparedBatch,
} from '../records/prepared-batch.js';
import { fieldsHashInto, RECORD_HASH_BYTES } from '../records/record-hash.js';
import { joinDevice } from '../records/stored-meta.js';
import type { Connection } from '../store/database.js';
import { mapSqliteError } from '../store/sqlite-errors.js';
import { createWrites, INSERT_ROW_COLUMNS, ROWS_PER_INSERT, type VaultWrites } from '../store/writes.js';
import { Interrupt, interruptible } from './interruptible.js';

export interface ImportJobInput {
  /** Shown in the import history; a name, not a path with secrets. */
  fileName: string;
  format: ImportFormat;
  /** Size of the input when known. */
  bytes?: number | null;
}

export interface ImportRecordsResult {
  importId: number;
  /** Records stored. */
  added: number;
  /** Records not stored because an identical one exists (includes `duplicates`). */
  skipped: number;
  /** Of `skipped`: identical to a record stored earlier by this same import (repeated within the file), not already in the vault. */
  duplicates: number;
}

/** What one batch did, for callers that attribute counts to parts of an import (files of an archive). */
export interface BatchOutcome {
  count: number;
  added: number;
  duplicates: number;
}

/** Yield to the event loop at least this often while inserting (ms). */
const YIELD_EVERY_MS = 16;
const LOCKED_MESSAGE = 'The vault was locked during the import.';

interface DatasetTally {
  id: number;
  added: number;
  tMin: number;
  tMax: number;
}

export class ImportRun {
  readonly importId: number;
  readonly #conn: Connection;
  readonly #writes: VaultWrites;
  readonly #job: ImportJobInput;
  readonly #now: () => number;
  readonly #interrupt = new Interrupt();
  #stopped = false;

  /** Commits the job row as `running` (synchronously). */
  constructor(conn: Connection, job: ImportJobInput, now: () => number) {
    this.#conn = conn;
    this.#writes = createWrites(conn);
    this.#job = job;
    this.#now = now;
    this.importId = this.#writes.insertImportJob({ fileName: job.fileName, format: job.format, bytes: job.bytes ?? null, startedAt: now() });
  }

  /** For lock(): rolls back, records `cancelled`, closes the connection, and makes run() reject. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#recordFailure('cancelled', LOCKED_MESSAGE);
    this.#conn.close();
    this.#interrupt.fire(new VaultLockedError());
  }

  /** `batches`: records as importers yield them, or batches already prepared (e.g. by a parse worker). */
  async run(batches: AsyncIterable<NewRecord[] | PreparedBatch>, signal?: AbortSignal, onBatch?: (b: BatchOutcome) => void): Promise<ImportRecordsResult> {
    const onAbort = (): void => this.#interrupt.fire(new ImportCancelledError({ cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) throw new ImportCancelledError({ cause: signal.reason });
      return await this.#insertAll(batches, signal, onBatch);
    } catch (e) {
      const error = this.#toImportError(e, signal);
      if (!this.#stopped) {
        const status = error instanceof ImportCancelledError ? 'cancelled' : 'failed';
        this.#recordFailure(status, describe(error));
      }
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async #insertAll(
    batches: AsyncIterable<NewRecord[] | PreparedBatch>,
    signal: AbortSignal | undefined,
    onBatch: ((b: BatchOutcome) => void) | undefined,
  ): Promise<ImportRecordsResult> {
    const writes = this.#writes;
    let added = 0;
    let skipped = 0;
    let duplicates = 0;
    const datasets = new Map<string, DatasetTally>();
    const sources: ImportSources = { ids: [], names: [], devices: [] };
    const preparer = new BatchPreparer();
    let batchNo = 0;
    let lastYield = performance.now();
    writes.begin();
    for await (const batch of interruptible(batches, this.#interrupt)) {
      this.#throwIfStopped(signal);
      batchNo++;
      let prepared: PreparedBatch;
      if (isPreparedBatch(batch)) prepared = checkedShape(batch, batchNo, sources.devices);
      else if (Array.isArray(batch)) prepared = preparer.prepare(batch, batchNo);
      else throw new InvalidRecordError(`batch ${batchNo} is not an array`);
      const outcome = insertBatch(writes, prepared, this.importId, this.#job.format, this.#now, datasets, sources);
      added += outcome.added;
      skipped += prepared.count - outcome.added;
      duplicates += outcome.duplicates;
      onBatch?.(outcome);
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
        this.#throwIfStopped(signal);
      }
    }
    this.#throwIfStopped(signal);
    const at = this.#now();
    for (const d of datasets.values()) {
      if (d.added > 0) writes.addToDatasetStats(d.id, d.added, d.tMin, d.tMax, at);
    }
    writes.finishImportJob(this.importId, { status: 'done', finishedAt: at, added, skipped, errorMessage: null });
    writes.commit();
    return { importId: this.importId, added, skipped, duplicates };
  }

  #throwIfStopped(signal: AbortSignal | undefined): void {
    if (this.#stopped) throw new VaultLockedError();
    if (signal?.aborted) throw new ImportCancelledError({ cause: signal.reason });
  }

  #toImportError(e: unknown, signal: AbortSignal | undefined): unknown {
    if (e instanceof WalletError) return e;
    if (signal?.aborted) return new ImportCancelledError({ cause: e });
    return mapSqliteError(e);
  }

  /** Rolls back and records the outcome; never throws. */
  #recordFailure(status: 'failed' | 'cancelled', message: string): void {
    if (!this.#conn.open) return;
    try {
      this.#writes.rollback();
      this.#writes.finishImportJob(this.importId, { status, finishedAt: this.#now(), added: 0, skipped: 0, errorMessage: message });
    } catch {
      // The job stays `running` and is marked `interrupted` on the next unlock.
    }
  }
}

/** The import's source list (PreparedBatch.sourceRef numbers): `sources` row ids, sources and devices. */
interface ImportSources {
  ids: number[];
  names: (string | null)[];
  devices: (string | null)[];
}

/**
 * Inserts one prepared batch synchronously; returns how many records were new
 * and how many repeated a record this same import stored before (looked up
 * only for the rows the unique index refused).
 *
 * Rows go to SQLite ROWS_PER_INSERT at a time in one multi-row INSERT OR
 * IGNORE (the rest of the batch row by row). Which rows a multi-row insert
 * took is known without asking when it took all or none (a first import;
 * a re-import); otherwise the rows it added are read back by id (ids only
 * grow inside the import's write transaction) and matched by their unique
 * key, so a record repeated inside the same statement counts as added once
 * and as a duplicate after that, exactly as row by row.
 */
function insertBatch(
  writes: VaultWrites,
  b: PreparedBatch,
  importId: number,
  format: ImportFormat,
  now: () => number,
  datasets: Map<string, DatasetTally>,
  sources: ImportSources,
): BatchOutcome {
  const newSources = b.newSources;
  for (let j = 0; j < newSources.length; j += 2) {
    sources.ids.push(writes.ensureSource(newSources[j]!, newSources[j + 1]!));
    sources.names.push(newSources[j]!);
    sources.devices.push(newSources[j + 1]!);
  }
  const { tStart, tEnd, valueNum, valueNumNull, sourceRef, deviceAt } = b;
  const hashes = b.hashes.length === 0 ? hashBatch(b, sources) : Buffer.from(b.hashes.buffer, b.hashes.byteOffset, b.hashes.length);
  const hashOf = (i: number): Buffer => hashes.subarray(i * RECORD_HASH_BYTES, (i + 1) * RECORD_HASH_BYTES);
  const outcome: BatchOutcome = { count: b.count, added: 0, duplicates: 0 };
  /** The dataset of each row in `values`. */
  const rowTally: DatasetTally[] = [];
  const values: unknown[] = [];
  const settle = (i: number, t: DatasetTally, inserted: boolean): void => {
    if (inserted) {
      outcome.added++;
      t.added++;
      if (tStart[i]! < t.tMin) t.tMin = tStart[i]!;
      if (tEnd[i]! > t.tMax) t.tMax = tEnd[i]!;
    } else if (writes.existingImportId(t.id, tStart[i]!, hashOf(i)) === importId) {
      outcome.duplicates++;
    }
  };
  let tally: DatasetTally | undefined;
  let tallyKind = '';
  let first = 0;
  for (let i = 0; i < b.count; i++) {
    const kind = fieldOf(b, i, FIELD_KIND)!;
    const unit = fieldOf(b, i, FIELD_UNIT);
    if (tally === undefined || kind !== tallyKind) {
      tally = datasets.get(kind);
      if (tally === undefined) {
        tally = { id: writes.ensureDataset(kind, unit, format, now()), added: 0, tMin: Infinity, tMax: -Infinity };
        datasets.set(kind, tally);
      }
      tallyKind = kind;
    }
    const ref = sourceRef[i]!;
    const at = deviceAt[i]!;
    values.push(
      tally.id,
      tStart[i]!,
      tEnd[i]!,
      valueNumNull[i] ? null : valueNum[i]!,
      fieldOf(b, i, FIELD_VALUE_TEXT),
      unit,
      ref === -1 ? fieldOf(b, i, FIELD_SOURCE) : null,
      fieldOf(b, i, FIELD_META),
      hashOf(i),
      importId,
      ref === -1 ? null : sources.ids[ref]!,
      at === -1 ? null : at,
    );
    rowTally.push(tally);
    if (rowTally.length === ROWS_PER_INSERT) {
      insertChunk(writes, values, first, rowTally, hashOf, settle);
      values.length = 0;
      rowTally.length = 0;
      first = i + 1;
    }
  }
  // The rest, row by row.
  for (let r = 0; r < rowTally.length; r++) {
    const v = values.slice(r * INSERT_ROW_COLUMNS, (r + 1) * INSERT_ROW_COLUMNS) as Parameters<VaultWrites['insertRow']>;
    settle(first + r, rowTally[r]!, writes.insertRow(...v));
  }
  return outcome;
}

/** The content hashes of a batch prepared without them: each record's fields put back together (its source and device from the source list). */
function hashBatch(b: PreparedBatch, sources: ImportSources): Buffer {
  const out = Buffer.allocUnsafe(b.count * RECORD_HASH_BYTES);
  for (let i = 0; i < b.count; i++) {
    const ref = b.sourceRef[i]!;
    const at = b.deviceAt[i]!;
    const meta = fieldOf(b, i, FIELD_META);
    fieldsHashInto(
      out,
      i * RECORD_HASH_BYTES,
      fieldOf(b, i, FIELD_KIND)!,
      b.tStart[i]!,
      b.tEnd[i]!,
      b.valueNumNull[i] ? null : b.valueNum[i]!,
      fieldOf(b, i, FIELD_VALUE_TEXT),
      fieldOf(b, i, FIELD_UNIT),
      ref === -1 ? fieldOf(b, i, FIELD_SOURCE) : sources.names[ref]!,
      at === -1 ? meta : joinDevice(meta!, at, sources.devices[ref]!),
    );
  }
  return out;
}

/** One multi-row insert of records first … first + ROWS_PER_INSERT - 1 (see insertBatch). */
function insertChunk(
  writes: VaultWrites,
  values: readonly unknown[],
  first: number,
  rowTally: readonly DatasetTally[],
  hashOf: (i: number) => Buffer,
  settle: (i: number, t: DatasetTally, inserted: boolean) => void,
): void {
  const before = writes.maxRecordId();
  const changes = writes.insertRows(values);
  if (changes === ROWS_PER_INSERT || changes === 0) {
    for (let r = 0; r < ROWS_PER_INSERT; r++) settle(first + r, rowTally[r]!, changes !== 0);
    return;
  }
  const added = new Set(writes.recordKeysAfter(before).map((k) => rowKey(k.datasetId, k.tStart, k.hash)));
  for (let r = 0; r < ROWS_PER_INSERT; r++) {
    const i = first + r;
    const t = rowTally[r]!;
    const key = rowKey(t.id, values[r * INSERT_ROW_COLUMNS + 1] as number, hashOf(i));
    // The first row with a key the statement added is the one it took; a later one repeated it.
    settle(i, t, added.delete(key));
  }
}

const rowKey = (datasetId: number, tStart: number, hash: Buffer): string => `${datasetId}|${tStart}|${hash.toString('hex')}`;

/** A prepared batch from elsewhere (a parse worker) must be consistent before its offsets are trusted. */
function checkedShape(b: PreparedBatch, batchNo: number, devices: readonly (string | null)[]): PreparedBatch {
  const problem = preparedBatchProblem(b, devices);
  if (problem !== null) throw new InvalidRecordError(`prepared batch ${batchNo} is malformed (${problem})`);
  return b;
}

/** The stored error text: our short message, or just the error's class name. */
function describe(e: unknown): string {
  if (e instanceof WalletError) return e.shortMessage;
  const name = e instanceof Error ? e.name : typeof e;
  return `The import stopped on an unexpected error (${name}).`;
}
