/**
 * What the generic CSV and JSON importers share: the column mapping
 * (explicit or auto-detected), value typing, and the "Data Wallet export"
 * shape that makes export → import lossless.
 */

import { ImportLimitError, ImportMappingError, type MappingField } from './errors.js';
import { MAX_DATASETS_PER_IMPORT } from './limits.js';
import { NUMERIC_RE, looksLikeDateText, looksLikeEpoch, parseTimestampValue, type TimeFormat } from './timestamps.js';
import type { GenericMapping, MetaValue } from './types.js';

type Meta = Record<string, MetaValue>;

/**
 * Columns (CSV) / fields (JSON) of a Data Wallet export, as
 * electron/core/vault/export.ts writes them. A file with exactly these
 * columns (in any order) is imported as-is: kind, unit, source and meta
 * come from the file, so export → import round-trips exactly.
 */
export const WALLET_EXPORT_COLUMNS = ['kind', 't_start', 't_end', 'value_num', 'value_text', 'unit', 'source', 'meta'] as const;
export type WalletExportColumn = (typeof WALLET_EXPORT_COLUMNS)[number];

const WALLET_SET = new Set<string>(WALLET_EXPORT_COLUMNS);

export function isWalletExportShape(names: readonly string[]): boolean {
  if (names.length !== WALLET_EXPORT_COLUMNS.length) return false;
  const seen = new Set<string>();
  for (const n of names) {
    if (!WALLET_SET.has(n) || seen.has(n)) return false;
    seen.add(n);
  }
  return true;
}

/** True when the mapping names columns itself, which turns off the Data Wallet export shortcut. */
export function namesColumns(m: GenericMapping | undefined): boolean {
  return m !== undefined && (m.timestamp !== undefined || m.timestampEnd !== undefined || m.values !== undefined);
}

/** Lower-cased words of a column name: `startDate` → [start, date], `t_end` → [t, end]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

const TIME_WORDS = new Set(['time', 'date', 'timestamp', 'datetime', 'start', 'ts']);
const TIME_NAMES = new Set(['t', 'ts', 'when', 'at']);
const END_WORDS = new Set(['end', 'stop', 'until', 'finish']);

/** A name that says "time": time, date, timestamp, datetime, startDate, created_at, ts, t… */
export function isTimeName(name: string): boolean {
  const words = nameWords(name);
  return TIME_NAMES.has(name.trim().toLowerCase()) || words.some((w) => TIME_WORDS.has(w)) || (words.length > 1 && words.at(-1) === 'at');
}

/** A name that says "end time": end, endDate, end_time, t_end, stop… */
export function isEndName(name: string): boolean {
  return nameWords(name).some((w) => END_WORDS.has(w));
}

/** A plain decimal number (surrounding spaces allowed), or null. */
export function strictNumber(s: string): number | null {
  const t = s.trim();
  if (!NUMERIC_RE.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Spellings of "not a number" and infinity that some tools write into numeric columns. */
const NON_FINITE_RE = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * Why a value cannot be stored, or null when it can: `NaN`/`Infinity`
 * written as text (in any case, with a sign), and decimal numbers too large
 * for a double (`1e999`). Such values would be stored as text or as an
 * infinity that no feature can use; the importer refuses them with the
 * line so that the user can fix or empty the cell.
 */
export function nonFiniteProblem(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : 'holds a number too large to store';
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (t.length > 12 || t.length < 3) {
    if (t.length < 400 && NUMERIC_RE.test(t) && !Number.isFinite(Number(t))) return 'holds a number too large to store';
    return null;
  }
  if (NON_FINITE_RE.test(t)) return 'holds NaN or Infinity, which is not a number that can be stored';
  if (NUMERIC_RE.test(t) && !Number.isFinite(Number(t))) return 'holds a number too large to store';
  return null;
}

export const NON_FINITE_HINT = 'Leave the value empty where there is no measurement, and write numbers in plain decimal form.';

/** `12,5` → 12.5 (decimal comma, only used for `;`-delimited CSV), else null. */
export function decimalCommaNumber(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?\d+,\d+$/.test(t)) return null;
  return Number(t.replace(',', '.'));
}

/**
 * A JSON value as record metadata: a plain object whose values are
 * strings, finite numbers, booleans or null. Returns undefined when it is
 * not one.
 */
export function asMeta(v: unknown): Meta | null | undefined {
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  for (const key in v) {
    const x = (v as Record<string, unknown>)[key];
    if (!(x === null || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)))) return undefined;
  }
  return v as Meta;
}

/** A sample value looks like a timestamp without being told the column. */
function looksLikeTimeValue(v: unknown): boolean {
  if (typeof v === 'number') return looksLikeEpoch(v);
  if (typeof v !== 'string') return false;
  const t = v.trim();
  if (NUMERIC_RE.test(t)) return looksLikeEpoch(Number(t));
  return looksLikeDateText(t);
}

export interface ValueColumn {
  name: string;
  index: number;
  /** Record kind for this column. */
  kind: string;
}

export interface ColumnPlan {
  timeName: string;
  timeIndex: number;
  endName: string | null;
  endIndex: number;
  values: ValueColumn[];
  unit: string | null;
  timeFormat: TimeFormat;
  /** All values were auto-detected (JSON: unknown later fields are an error). */
  autoValues: boolean;
}

/**
 * How hints describe the columns found: a count, never the names — a
 * headerless file whose first row is text has its first row taken as the
 * header, and those "names" are record values.
 */
const describeColumns = (names: readonly string[]): string =>
  `${names.length} column${names.length === 1 ? '' : 's'} (if the first row is data rather than a header, name the columns as col1, col2, …)`;

/**
 * Resolves the mapping against the column names and the first data row.
 *
 * Auto-detection: the timestamp column is the first column whose name says
 * time (see isTimeName, excluding end-time names) and whose first value
 * parses as a timestamp; failing that, the first column whose first value
 * is an ISO-like date, then the first whose value is an epoch number
 * (seconds 1e9–1e10 or milliseconds 1e12–1e13). The end column is the
 * first other column whose name says end time (isEndName) and whose first
 * value parses. Value columns: all the others.
 *
 * One value column → records of kind `kind`; several → one record per
 * (row, column) with kind `${kind}.${column}`.
 */
export function planColumns(
  fileName: string,
  names: readonly string[],
  sample: readonly unknown[] | null,
  mapping: GenericMapping | undefined,
  line?: number,
): ColumnPlan {
  const fail = (reason: string, hint: string, field: MappingField): never => {
    throw new ImportMappingError({ fileName, reason, hint, field, ...(line !== undefined && { line }) });
  };
  const kind = mapping?.kind?.trim();
  if (!kind) {
    fail('no dataset kind given for a generic CSV/JSON file', 'Name the dataset kind, for example "steps".', 'kind');
  }
  const timeFormat: TimeFormat = mapping?.timeFormat ?? 'auto';
  const indexOf = (name: string, field: 'timestamp' | 'timestampEnd' | 'value'): number => {
    const i = names.indexOf(name);
    if (i === -1) {
      const role = field === 'timestamp' ? 'time' : field === 'timestampEnd' ? 'end time' : 'value';
      fail(`the ${role} column "${name}" is not in the file`, `The file has ${describeColumns(names)}.`, field);
    }
    return i;
  };
  const parses = (i: number): boolean => sample !== null && !Number.isNaN(parseTimestampValue(sample[i], timeFormat));

  let timeIndex = -1;
  if (mapping?.timestamp !== undefined) {
    timeIndex = indexOf(mapping.timestamp, 'timestamp');
  } else {
    timeIndex = names.findIndex((n, i) => isTimeName(n) && !isEndName(n) && parses(i));
    if (timeIndex === -1 && sample !== null) {
      timeIndex = sample.findIndex((v) => typeof v === 'string' && looksLikeDateText(v));
      if (timeIndex === -1) timeIndex = sample.findIndex((v) => looksLikeTimeValue(v));
    }
    if (timeIndex === -1) {
      fail(
        'could not find a timestamp column',
        `Name the time column (the file has ${describeColumns(names)}); times may be ISO-8601 or epoch seconds/milliseconds.`,
        'timestamp',
      );
    }
  }

  let endIndex = -1;
  if (mapping?.timestampEnd !== undefined) {
    endIndex = indexOf(mapping.timestampEnd, 'timestampEnd');
  } else {
    endIndex = names.findIndex((n, i) => i !== timeIndex && isEndName(n) && parses(i) && !(mapping?.values ?? []).includes(n));
  }

  let values: ValueColumn[];
  const explicit = mapping?.values;
  if (explicit !== undefined) {
    if (explicit.length === 0) fail('the mapping lists no value columns', 'Choose at least one column that holds values.', 'value');
    values = explicit.map((name) => ({ name, index: indexOf(name, 'value'), kind: '' }));
  } else {
    values = [];
    names.forEach((name, index) => {
      if (index !== timeIndex && index !== endIndex) values.push({ name, index, kind: '' });
    });
  }
  if (values.length > MAX_DATASETS_PER_IMPORT) {
    throw new ImportLimitError({
      fileName,
      ...(line !== undefined && { line }),
      limit: 'datasets',
      reason: `the file has ${values.length} value columns; one import may create at most ${MAX_DATASETS_PER_IMPORT} datasets`,
      hint: 'Nothing from this file was imported. Each value column becomes its own dataset: name the value columns to import, or check that the first row really is a header.',
    });
  }
  if (values.length === 0) {
    fail('there is no value column besides the timestamp', `The file has ${describeColumns(names)}.`, 'value');
  }
  for (const v of values) {
    if (v.index === timeIndex || v.index === endIndex) {
      fail(`column "${v.name}" cannot be both a time and a value`, 'Choose different columns for the time and the values.', 'value');
    }
    v.kind = values.length === 1 ? kind! : `${kind!}.${v.name}`;
  }
  return {
    timeName: names[timeIndex]!,
    timeIndex,
    endName: endIndex === -1 ? null : names[endIndex]!,
    endIndex,
    values,
    unit: mapping?.unit ?? null,
    timeFormat,
    autoValues: explicit === undefined,
  };
}
