import type { ImportFormat, ImportProgress, NewRecord } from '../../../shared/domain/record.js';

/** Column/field mapping for the generic CSV and JSON importers. */
export interface GenericMapping {
  /** Column or field holding the (start) timestamp; auto-detected when absent. */
  timestamp?: string;
  /** Optional column/field with the end timestamp (defaults to the start). */
  timestampEnd?: string;
  /** Columns/fields holding values; numeric ones go to valueNum, others to valueText. Auto: every other column. */
  values?: string[];
  /** Dataset kind for the records. Required for generic formats (CLI default: the file's base name). */
  kind: string;
  unit?: string | null;
  /** How to read timestamps; `auto` detects ISO-8601, epoch seconds or epoch milliseconds. */
  timeFormat?: 'auto' | 'iso' | 'epoch-s' | 'epoch-ms';
}

export interface ImportOptions {
  /** The parser to use; `auto` (openImporter only) detects it from the file name and first bytes. */
  format: ImportFormat | 'auto';
  mapping?: GenericMapping;
  signal?: AbortSignal;
  /** Called at most once per batch, at least every ~200 ms while reading, and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  /** Records per yielded batch (default 1000, 1–100000). The last batch may be smaller. */
  batchSize?: number;
  /** Filled while parsing: known defects repaired and elements not imported, with counts (see ImportReport). */
  report?: ImportReport;
}

/**
 * What an import did besides yielding records, for the summary shown to the
 * user: known defects of the export it repaired (e.g. `control characters
 * replaced`) and elements it did not import (e.g. `Me`, `ClinicalRecord`),
 * each with a count. Never holds values.
 */
export interface ImportReport {
  repaired: Record<string, number>;
  skipped: Record<string, number>;
  /** An archive (Google Takeout zip or folder): each file imported, in order, with the records read from it. */
  files?: { name: string; records: number }[];
}

export function newImportReport(): ImportReport {
  return { repaired: Object.create(null) as Record<string, number>, skipped: Object.create(null) as Record<string, number> };
}

/** Adds `n` to `what` in one section of a report. */
export function countIn(section: Record<string, number>, what: string, n = 1): void {
  section[what] = (section[what] ?? 0) + n;
}

/** Adds every count of `from` to `into`. */
export function mergeReport(into: ImportReport, from: ImportReport): void {
  for (const [k, v] of Object.entries(from.repaired)) countIn(into.repaired, k, v);
  for (const [k, v] of Object.entries(from.skipped)) countIn(into.skipped, k, v);
  if (from.files) (into.files ??= []).push(...from.files);
}

/**
 * A parser: reads one file as a stream and yields batches of normalized
 * records. It never holds the whole file in memory, throws ImportFormatError
 * (file, line or byte offset, what was wrong) on bad input, and stops with an
 * AbortError when the signal aborts.
 */
export type Importer = (filePath: string, options: ImportOptions) => AsyncIterable<NewRecord[]>;

/** A value in record metadata (string, number, boolean or null). */
export type MetaValue = NonNullable<NewRecord['meta']>[string];
