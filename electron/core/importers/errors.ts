import { basename } from 'node:path';
import { WalletError } from '../errors.js';
import {
  CHOOSE_FORMAT_SENTENCE,
  CHOOSE_OTHER_FORMAT_SENTENCE,
  CHOOSE_TIME_COLUMN_SENTENCE,
  mappingFieldDetail,
  type MappingField,
} from '../../../shared/errors/import-hints.js';

/**
 * Errors of the importers. Every one names the file by its base name only
 * (never the full path: it may contain a user name) and a position (line,
 * column or byte offset) when one is known. None of them ever contains a
 * record value: only column/field/element names, positions and counts.
 */

// Front ends reword the importers' hints with these (shared/errors/import-hints.ts).
export {
  CHOOSE_FORMAT_SENTENCE,
  CHOOSE_OTHER_FORMAT_SENTENCE,
  CHOOSE_TIME_COLUMN_SENTENCE,
  CHOOSE_VALUE_FIELDS_SENTENCE,
  MAPPING_FIELDS,
  mappingFieldOf,
  type MappingField,
} from '../../../shared/errors/import-hints.js';

/** Supported formats, as the importers name them (`csv`, `ndjson`, …); used in hints. */
export const SUPPORTED_FORMATS_HINT =
  'Supported formats: csv, json (an array of objects), ndjson (one object per line), ' +
  'apple-health (export.zip or export.xml from Health → Export All Health Data) and ' +
  'google-location (Records.json from Google Takeout, Timeline.json or location-history.json from Google Maps). ' +
  CHOOSE_FORMAT_SENTENCE;

const DEFAULT_FORMAT_HINT = `Check that the file is complete and was not edited by hand; ${CHOOSE_OTHER_FORMAT_SENTENCE}`;

/** The base of every importer error: carries the file's base name. */
export abstract class ImportError extends WalletError {
  /** Base name of the input file, e.g. `export.xml`. */
  readonly fileName: string;

  constructor(fileName: string, shortMessage: string, params: { details?: string; hint?: string; cause?: unknown } = {}) {
    super(shortMessage, params);
    this.fileName = fileName;
  }
}

export interface Position {
  /** 1-based line number. */
  line?: number;
  /** 1-based column (characters) within the line. */
  column?: number;
  /** 0-based byte offset from the start of the (uncompressed) input. */
  byteOffset?: number;
}

/** `export.xml line 1042` / `Records.json byte 512` / `data.csv`. */
export function where(fileName: string, pos: Position): string {
  if (pos.line !== undefined) return `${fileName} line ${pos.line}`;
  if (pos.byteOffset !== undefined) return `${fileName} byte ${pos.byteOffset}`;
  return fileName;
}

function positionDetails(pos: Position): string | undefined {
  const parts: string[] = [];
  if (pos.line !== undefined) parts.push(`line ${pos.line}`);
  if (pos.column !== undefined) parts.push(`column ${pos.column}`);
  if (pos.byteOffset !== undefined) parts.push(`byte offset ${pos.byteOffset}`);
  return parts.length ? parts.join(', ') : undefined;
}

function joinDetails(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length ? kept.join('; ') : undefined;
}

export interface ImportFormatErrorParameters extends Position {
  fileName: string;
  /** What is wrong, in a few words, without any record value. */
  reason: string;
  hint?: string;
  details?: string;
  cause?: unknown;
}

/**
 * The file is not valid for its format: a malformed CSV row, broken JSON,
 * truncated XML, a required attribute missing. Short message:
 * `export.xml line 1042: unexpected end of file inside <Record>`.
 */
export class ImportFormatError extends ImportError {
  override readonly name = 'ImportFormatError' as const;
  readonly code = 'IMPORT_FORMAT' as const;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly byteOffset: number | undefined;
  readonly reason: string;

  constructor(p: ImportFormatErrorParameters) {
    const fileName = basename(p.fileName);
    super(fileName, `${where(fileName, p)}: ${p.reason}`, {
      hint: p.hint ?? DEFAULT_FORMAT_HINT,
      details: joinDetails(positionDetails(p), p.details),
      cause: p.cause,
    });
    this.line = p.line;
    this.column = p.column;
    this.byteOffset = p.byteOffset;
    this.reason = p.reason;
  }
}

/** Which bound of an import was exceeded (see limits.ts). */
export type ImportLimit =
  | 'metadata-entries'
  | 'metadata-bytes'
  | 'xml-markup'
  | 'xml-text'
  | 'xml-comment'
  | 'json-fields'
  | 'datasets'
  | 'route-points'
  | 'clinical-document-bytes'
  | 'ecg-samples'
  | 'ecg-line'
  | 'audiogram-points'
  | 'archive-entries'
  | 'archive-ratio'
  | 'archive-bytes';

/**
 * The file exceeds one of the importers' bounds (metadata entries or bytes
 * per record, the length of one XML tag, text run or comment, the fields of
 * one JSON element, the datasets one import may create). Raised while
 * streaming, before the oversized piece is buffered; nothing of the file is
 * kept. Names the limit and the position, never a value.
 */
export class ImportLimitError extends ImportError {
  override readonly name = 'ImportLimitError' as const;
  readonly code = 'IMPORT_LIMIT_EXCEEDED' as const;
  readonly limit: ImportLimit;
  readonly line: number | undefined;
  readonly byteOffset: number | undefined;
  readonly reason: string;

  constructor(p: Position & { fileName: string; limit: ImportLimit; reason: string; hint?: string }) {
    const fileName = basename(p.fileName);
    super(fileName, `${where(fileName, p)}: ${p.reason}`, {
      hint:
        p.hint ??
        'Nothing from this file was imported. The file is far larger in this respect than any real export; check that it is the file you meant, or split it.',
      details: joinDetails(`limit ${p.limit}`, positionDetails(p)),
    });
    this.limit = p.limit;
    this.line = p.line;
    this.byteOffset = p.byteOffset;
    this.reason = p.reason;
  }
}

/** Auto-detection could not tell which format the file is in. */
export class UnknownFormatError extends ImportError {
  override readonly name = 'UnknownFormatError' as const;
  readonly code = 'IMPORT_UNKNOWN_FORMAT' as const;
  readonly reason: string;

  constructor(p: { fileName: string; reason: string }) {
    const fileName = basename(p.fileName);
    super(fileName, `Could not tell the format of ${fileName}: ${p.reason}`, { hint: SUPPORTED_FORMATS_HINT });
    this.reason = p.reason;
  }
}

/** The file has no content at all (0 bytes, or only a byte-order mark / whitespace). */
export class EmptyFileError extends ImportError {
  override readonly name = 'EmptyFileError' as const;
  readonly code = 'IMPORT_EMPTY_FILE' as const;

  constructor(p: { fileName: string }) {
    const fileName = basename(p.fileName);
    super(fileName, `${fileName} is empty`, {
      hint: 'Nothing to import. Check that you picked the right file and that the export finished writing it.',
    });
  }
}

/** The file is not text (NUL bytes, invalid UTF-8, UTF-16) where text is expected. */
export class BinaryFileError extends ImportError {
  override readonly name = 'BinaryFileError' as const;
  readonly code = 'IMPORT_BINARY_FILE' as const;
  readonly byteOffset: number | undefined;
  readonly reason: string;

  constructor(p: { fileName: string; reason: string; byteOffset?: number }) {
    const fileName = basename(p.fileName);
    super(fileName, `${where(fileName, p)}: ${p.reason}`, {
      hint: `Only UTF-8 text files and Apple Health export.zip archives can be imported; save text as UTF-8. ${SUPPORTED_FORMATS_HINT}`,
      details: positionDetails(p),
    });
    this.byteOffset = p.byteOffset;
    this.reason = p.reason;
  }
}

export type TimestampProblem = 'empty' | 'unrecognised' | 'out-of-range';

/**
 * A time field does not hold a timestamp we can read. Names the column or
 * field (never its value).
 */
export class UnsupportedTimestampError extends ImportError {
  override readonly name = 'UnsupportedTimestampError' as const;
  readonly code = 'IMPORT_UNSUPPORTED_TIMESTAMP' as const;
  readonly line: number | undefined;
  readonly byteOffset: number | undefined;
  /** Column, field or attribute name. */
  readonly field: string;
  readonly problem: TimestampProblem;

  constructor(p: { fileName: string; field: string; problem: TimestampProblem; line?: number; byteOffset?: number; hint?: string }) {
    const fileName = basename(p.fileName);
    const what =
      p.problem === 'empty'
        ? `"${p.field}" has no timestamp`
        : p.problem === 'out-of-range'
          ? `"${p.field}" holds a time outside the years 0000–9999`
          : `"${p.field}" does not hold a supported timestamp`;
    super(fileName, `${where(fileName, p)}: ${what}`, {
      hint:
        p.hint ??
        'Supported: ISO-8601 (2024-03-01T08:15:00Z, 2024-03-01T09:15:00+01:00, 2024-03-01), ' +
          '"2024-03-01 08:15:00 +0100", and epoch seconds or milliseconds. ' +
          CHOOSE_TIME_COLUMN_SENTENCE,
      details: positionDetails(p),
    });
    this.line = p.line;
    this.byteOffset = p.byteOffset;
    this.field = p.field;
    this.problem = p.problem;
  }
}

/**
 * The CSV/JSON mapping cannot be applied: a named column does not exist, no
 * timestamp column could be found, no kind was given. `field` names the part
 * of the mapping to choose; it is also in `details` as `field=<name>`.
 */
export class ImportMappingError extends ImportError {
  override readonly name = 'ImportMappingError' as const;
  readonly code = 'IMPORT_MAPPING' as const;
  readonly reason: string;
  readonly field: MappingField | undefined;

  constructor(p: { fileName: string; reason: string; hint: string; line?: number; field?: MappingField }) {
    const fileName = basename(p.fileName);
    super(fileName, `${where(fileName, p)}: ${p.reason}`, {
      hint: p.hint,
      details: joinDetails(p.field && mappingFieldDetail(p.field), positionDetails(p)),
    });
    this.reason = p.reason;
    this.field = p.field;
  }
}

/** The file cannot be opened or read (missing, a folder, no permission, I/O error). */
export class ImportFileError extends ImportError {
  override readonly name = 'ImportFileError' as const;
  readonly code = 'IMPORT_FILE_UNREADABLE' as const;
  /** Node's error code, e.g. `ENOENT` (`code` is the wallet's error code). */
  readonly systemCode: string | undefined;

  constructor(p: { fileName: string; code: string | undefined; cause?: unknown }) {
    const fileName = basename(p.fileName);
    const what =
      p.code === 'ENOENT'
        ? 'does not exist'
        : p.code === 'EISDIR'
          ? 'is a folder, not a file'
          : p.code === 'EACCES' || p.code === 'EPERM'
            ? 'cannot be read (permission denied)'
            : 'cannot be read';
    super(fileName, `${fileName} ${what}`, {
      hint: 'Check the path and that you may read the file.',
      details: p.code,
      cause: p.cause,
    });
    this.systemCode = p.code;
  }
}

/**
 * The import was cancelled through its AbortSignal. Its `name` is
 * `AbortError`, like the DOM/Node abort errors, so generic abort checks work.
 */
export class ImportAbortedError extends ImportError {
  override readonly name = 'AbortError' as const;
  readonly code = 'ABORT_ERR' as const;

  constructor(p: { fileName: string; cause?: unknown }) {
    const fileName = basename(p.fileName);
    super(fileName, `Import of ${fileName} was cancelled`, {
      hint: 'Nothing from this file was kept; start the import again when you are ready.',
      cause: p.cause,
    });
  }
}

/**
 * A Google Takeout archive (a .zip or an extracted folder) without any
 * location history file. Says what it holds instead (`a Google Takeout
 * archive with Mail and Drive, no location history`), never file contents.
 */
export class NoLocationHistoryError extends ImportError {
  override readonly name = 'NoLocationHistoryError' as const;
  readonly code = 'IMPORT_NO_LOCATION_HISTORY' as const;
  /** What the archive holds, in words. */
  readonly found: string;

  constructor(p: { fileName: string; found: string }) {
    const fileName = basename(p.fileName);
    super(fileName, `${fileName}: ${p.found}, no location history`, {
      hint:
        'Nothing was imported. In Google Takeout, select Location History (Timeline) and export again; ' +
        'or export Timeline.json on your phone (Settings → Location → Timeline → Export) and import that file.',
    });
    this.found = p.found;
  }
}

/** Maps a Node file-system error (ENOENT, EACCES, …) to ImportFileError; other errors pass through. */
export function fileErrorFrom(fileName: string, e: unknown): unknown {
  if (e instanceof ImportError) return e;
  const code = typeof e === 'object' && e !== null && 'code' in e ? (e as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return new ImportFileError({ fileName, code, cause: e });
  return e;
}
