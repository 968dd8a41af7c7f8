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
