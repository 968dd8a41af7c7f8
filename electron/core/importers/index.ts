/**
 * # Importers
 *
 * Streaming parsers that turn an exported file into batches of
 * {@link NewRecord}s for the vault, which writes all batches of one file in
 * one transaction.
 *
 * ```ts
 * const format = await detectFormat(path);            // or let openImporter detect: format 'auto'
 * for await (const batch of openImporter(path, { format, mapping, signal, onProgress })) {
 *   writer.add(batch);                                 // ≤ 1000 records per batch (batchSize)
 * }
 * ```
 *
 * Guarantees, for every format:
 * - **Streaming, constant memory**: the file is read in 256 KiB chunks;
 *   nothing more is read until the consumer asks for the next batch. No
 *   single row/line/element may exceed 16–64 MiB, so a damaged file cannot
 *   make a parser buffer the rest of it.
 * - **All or nothing**: bad input THROWS (never skipped), so the writer can
 *   roll the whole file back. Errors are ours (errors.ts): ImportFormatError
 *   (file base name, line/column or byte offset, reason),
 *   UnsupportedTimestampError, ImportMappingError, UnknownFormatError,
 *   EmptyFileError, BinaryFileError, ImportFileError, and
 *   ImportAbortedError (`name === 'AbortError'`) when `signal` aborts
 *   (checked before every chunk and after every batch). Messages name
 *   columns, fields and positions, never record values.
 * - **Progress**: `onProgress({ bytesRead, totalBytes, records })` after
 *   every batch, at least every 200 ms while reading, and once at the end
 *   (bytesRead = totalBytes). For an export.zip the bytes are those of the
 *   uncompressed export.xml.
 * - **Times** are unix milliseconds (integers); see timestamps.ts for the
 *   accepted forms (ISO-8601 with Z or an offset, date only, Apple's
 *   `2024-03-01 08:15:00 +0100`, epoch seconds below 1e11 else
 *   milliseconds). Times without a zone are read as UTC.
 *
 * Formats and their decisions (details in each module's comment):
 * - `csv` (csv.ts): delimiter `,` `;` or tab sniffed, RFC 4180 quoting,
 *   header auto-detected (else col1…colN). One value column → one record
 *   per row with kind `kind`; several → one record per (row, column) with
 *   kind `${kind}.${column}` (one measurement and unit per dataset; empty
 *   cells give no record).
 * - `json` / `ndjson` (json.ts): an array of objects / one object per line,
 *   same mapping; values keep their JSON type.
 * - Both recognise the **Data Wallet export** shape (columns/fields exactly
 *   kind, t_start, t_end, value_num, value_text, unit, source, meta) and
 *   import it losslessly, so export → import round-trips exactly. In CSV an
 *   unquoted empty field is null and `""` the empty string.
 * - `apple-health` (apple-health.ts): export.zip or export.xml; Record →
 *   kind = its type; Workout → kind `HKWorkout` (activity type in meta),
 *   valueNum = duration; ActivitySummary → kind `HKActivitySummary`, the
 *   local day, values in meta.
 * - `google-location` (google-location.ts): Takeout Records.json and
 *   Semantic Location History, Android Timeline.json, iOS
 *   location-history.json → kind `location`, valueText `geo:lat,lon`,
 *   meta { type: point | path | visit | activity, lat, lon, … }.
 */
import type { ImportFormat, NewRecord } from '../../../shared/domain/record.js';
import { importAppleHealth } from './apple-health.js';
import { importCsv } from './csv.js';
import { detectFormat } from './detect.js';
import { importGoogleLocation } from './google-location.js';
import { importJson, importNdjson } from './json.js';
import type { ImportOptions } from './types.js';

export { detectFormat, detectFormatFromHead } from './detect.js';
export * from './errors.js';
export type { GenericMapping, ImportOptions, ImportReport, Importer } from './types.js';
export { newImportReport } from './types.js';
export { WALLET_EXPORT_COLUMNS } from './generic.js';

type FormatImporter = (filePath: string, options: Omit<ImportOptions, 'format'>) => AsyncGenerator<NewRecord[], void, undefined>;

/** The parser for each format. */
export const importers: Readonly<Record<ImportFormat, FormatImporter>> = {
  csv: importCsv,
  json: importJson,
  ndjson: importNdjson,
  'apple-health': importAppleHealth,
  'google-location': importGoogleLocation,
};

/**
 * Opens a file for import with the parser for `options.format` (or the
 * detected one when it is `auto`). Nothing is read until the first batch
 * is requested; breaking out of the loop closes the file.
 */
export function openImporter(filePath: string, options: ImportOptions): AsyncGenerator<NewRecord[], void, undefined> {
  return (async function* () {
    const format = options.format === 'auto' ? await detectFormat(filePath) : options.format;
    const importer = importers[format];
    if (importer === undefined) throw new TypeError(`unknown import format: ${String(format)}`);
    yield* importer(filePath, options);
  })();
}
