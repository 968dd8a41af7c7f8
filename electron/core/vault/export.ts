/**
 * Export (GDPR data portability), streamed row by row from a snapshot.
 *
 * Both formats carry the same eight fields per record, in this order, and
 * can be re-imported without loss by the generic CSV/JSON importers:
 *
 * | field      | meaning                                                        |
 * | ---------- | -------------------------------------------------------------- |
 * | kind       | dataset kind (string, never empty)                              |
 * | t_start    | start time, ISO-8601 UTC with milliseconds, `2024-03-01T07:00:00.000Z` |
 * | t_end      | end time, same format                                           |
 * | value_num  | number (shortest round-trip decimal, may use `e` notation) or null |
 * | value_text | string or null                                                  |
 * | unit       | string or null                                                  |
 * | source     | string or null                                                  |
 * | meta       | object of string/number/boolean/null values (keys sorted) or null |
 *
 * Records are ordered by kind, then t_start, then storage order.
 *
 * **CSV** (`format: 'csv'`): RFC 4180, UTF-8, CRLF line ends, a header line
 * `kind,t_start,t_end,value_num,value_text,unit,source,meta`. A field is
 * quoted with `"` (inner quotes doubled) when it contains a comma, a quote,
 * CR or LF, or starts or ends with white space. **null is an empty unquoted
 * field; the empty string is written `""`** — importers must keep that
 * distinction (our CSV tokenizer reports a quoted flag per field for this).
 * `meta` is the JSON text of the object (quoted as needed).
 *
 * **JSON** (`format: 'json'`): one JSON array of objects with the fields
 * above as keys (null written as `null`, meta as a nested object), one
 * element per line:
 *
 * ```
 * [
 * {"kind":"steps","t_start":"…","t_end":"…","value_num":42,"value_text":null,"unit":"count","source":"Watch","meta":null},
 * {"kind":"steps", …}
 * ]
 * ```
 *
 * The export reads from its own connection inside one read transaction, so
 * it is a consistent snapshot even while an import commits. It waits for the
 * target to drain (backpressure) and does not end or close the target.
 */
import type { DatasetNotFoundError, VaultBusyError } from './errors.js';
import { VaultLockedError } from './errors.js';
import { csvLine, CSV_HEADER } from './export/csv.js';
import { JSON_CLOSE, JSON_OPEN, jsonElement } from './export/json.js';
import { toExportRow } from './export/row.js';
import { type ExportTarget, type TextSink, toTextSink } from './export/sink.js';
import { requireDataset } from './actions/dataset-lookup.js';
import type { SideActivity, VaultSession } from './session.js';
import type { Connection } from './store/database.js';
import { createReads, type VaultReads } from './store/reads.js';
import type { DatasetRow } from './store/rows.js';
import { mapSqliteError } from './store/sqlite-errors.js';

export type { ExportTarget } from './export/sink.js';

export interface ExportOptions {
  /** One dataset; omit to export everything. */
  kind?: string;
  format: 'csv' | 'json';
}

export interface ExportResult {
  records: number;
}

export type ExportParameters = [target: ExportTarget, opts: ExportOptions];
export type ExportErrorType = DatasetNotFoundError | VaultBusyError | VaultLockedError;

/** Text is handed to the target in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;
const EXPORT_CACHE_KIB = 4 * 1024;

export async function exportRecords(session: VaultSession, target: ExportTarget, opts: ExportOptions): Promise<ExportResult> {
  if (opts.format !== 'csv' && opts.format !== 'json') throw new TypeError('export format must be "csv" or "json"');
  session.assertCanStartExport();
  if (opts.kind !== undefined) requireDataset(session.reads, opts.kind);
  const sink = toTextSink(target);

  let conn: Connection;
  try {
    conn = session.openSideConnection(EXPORT_CACHE_KIB);
  } catch (e) {
    throw mapSqliteError(e);
  }
  let stopped = false;
  const run: SideActivity = {
    stop: () => {
      stopped = true;
      conn.close();
    },
  };
  session.exportRuns.add(run);
  try {
    const reads = createReads(conn);
    reads.beginSnapshot();
    const datasets = opts.kind === undefined ? reads.listDatasets() : [requireDataset(reads, opts.kind)];
    const records = await writeAll(reads, datasets, opts.format, sink, () => stopped);
    reads.endSnapshot();
    return { records };
  } catch (e) {
    if (stopped) throw new VaultLockedError({ cause: e });
    throw mapSqliteError(e);
  } finally {
    session.exportRuns.delete(run);
    if (conn.open) conn.close();
  }
}

async function writeAll(
  reads: VaultReads,
  datasets: DatasetRow[],
  format: 'csv' | 'json',
  sink: TextSink,
  stopped: () => boolean,
): Promise<number> {
  let buffer = format === 'csv' ? CSV_HEADER : JSON_OPEN;
  let count = 0;
  for (const dataset of datasets) {
    for (const row of reads.iterateRecords(dataset.id)) {
      const out = toExportRow(dataset.kind, row);
      buffer += format === 'csv' ? csvLine(out) : jsonElement(out, count === 0);
      count++;
      if (buffer.length >= CHUNK_CHARS) {
        await sink(buffer);
        buffer = '';
        if (stopped()) throw new VaultLockedError();
      }
    }
  }
  if (format === 'json') buffer += count > 0 ? `\n${JSON_CLOSE}` : JSON_CLOSE;
  await sink(buffer);
  return count;
}
