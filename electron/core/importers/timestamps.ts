/**
 * Timestamp parsing for every importer: text or numbers in → unix
 * milliseconds (integer) out.
 *
 * Accepted text forms:
 * - ISO-8601 / RFC 3339 in extended format: `2024-03-01T08:15:00Z`,
 *   `2024-03-01T09:15:00.123+01:00`, `+0100` and `+01` offsets, `T` or a
 *   space between date and time, seconds and fraction optional (a fraction
 *   is truncated to milliseconds, as `Date.parse` does).
 * - Apple Health's `2024-03-01 08:15:00 +0100` (a space before the offset).
 * - Date only: `2024-03-01` (midnight).
 * - Epoch numbers (also as text, optionally with a fraction):
 *   magnitude below 100,000,000,000 (1e11) → seconds, otherwise
 *   milliseconds. 1e11 s is the year 5138 and 1e11 ms is 1973-03-03, so any
 *   real timestamp since 1973 is read correctly either way.
 *
 * Times WITHOUT a zone (`2024-03-01T08:15:00`, `2024-03-01`) are read as
 * UTC: the result must not depend on the machine that imports the file.
 *
 * Results outside the years 0000–9999 are rejected. Compact ISO forms
 * (`20240301T081500Z`), week dates and ordinal dates are not supported; an
 * all-digit string is always an epoch number.
 */

export type TimeFormat = 'auto' | 'iso' | 'epoch-s' | 'epoch-ms';

/** Earliest and latest accepted instants: 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z. */
export const MIN_MS = -62_167_219_200_000;
export const MAX_MS = 253_402_300_799_999;

/** Epoch magnitudes below this are seconds, at or above it milliseconds. */
export const EPOCH_SECONDS_LIMIT = 1e11;

/** Why a value could not be read; `undefined` when it could. */
export type TimestampFailure = 'empty' | 'unrecognised' | 'out-of-range';

/**
 * Parse result: a finite integer on success, or NaN. Use
 * {@link describeTimestampFailure} to tell why it failed.
 */
const FAIL = Number.NaN;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Reads `n` ASCII digits at `i`; -1 if any is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses ISO-8601-like text (see the module comment) to unix ms, or NaN.
 * Hand-written: it runs for every Apple Health record, three times.
 */
export function parseIsoTimestamp(s: string): number {
  const len = s.length;
  if (len < 10 || s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45) return FAIL;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return FAIL;
  const day = daysFromCivil(y, mo, d);
  if (len === 10) return day * 86_400_000;

  const sep = s.charCodeAt(10);
  if (sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32 /* space */) return FAIL;
  if (len < 16 || s.charCodeAt(13) !== 58 /* : */) return FAIL;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return FAIL;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (i < len && s.charCodeAt(i) === 58 /* : */) {
    sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 59) return FAIL;
    i += 3;
    const c = s.charCodeAt(i);
    if (i < len && (c === 46 /* . */ || c === 44) /* , */) {
      i++;
      const fracStart = i;
      let scale = 100;
      while (i < len) {
        const dg = s.charCodeAt(i) - 48;
        if (dg < 0 || dg > 9) break;
        if (scale >= 1) ms += dg * scale;
        scale /= 10;
        i++;
      }
      if (i === fracStart) return FAIL;
    }
  }

  let offsetMin = 0;
  if (i < len) {
    // Apple writes one space before the offset.
    if (s.charCodeAt(i) === 32 && i + 1 < len) i++;
    const z = s.charCodeAt(i);
    if (z === 90 /* Z */ || z === 122 /* z */) {
      i++;
    } else if (z === 43 /* + */ || z === 45 /* - */) {
      const oh = digits(s, i + 1, 2);
      if (oh < 0 || oh > 23) return FAIL;
      i += 3;
      let om = 0;
      if (i < len) {
        if (s.charCodeAt(i) === 58 /* : */) i++;
        om = digits(s, i, 2);
        if (om < 0 || om > 59) return FAIL;
        i += 2;
      }
      offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
    } else {
      return FAIL;
    }
    if (i !== len) return FAIL;
  }
  const t = day * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms - offsetMin * 60_000;
  return t < MIN_MS || t > MAX_MS ? FAIL : t;
}

/** Strict decimal number syntax (no hex, no `Infinity`, no empty string). */
export const NUMERIC_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `s` is a plain decimal number (surrounding spaces allowed). */
export function isNumericText(s: string): boolean {
  return NUMERIC_RE.test(s.trim());
}

/** Epoch number → unix ms, or NaN when outside 0000–9999. */
export function epochToMs(n: number, format: TimeFormat): number {
  if (!Number.isFinite(n)) return FAIL;
  const seconds = format === 'epoch-s' || (format !== 'epoch-ms' && Math.abs(n) < EPOCH_SECONDS_LIMIT);
  const ms = Math.round(seconds ? n * 1000 : n);
  return ms < MIN_MS || ms > MAX_MS ? FAIL : ms;
}

/**
 * Text → unix ms, or NaN. `format` restricts the accepted forms (`iso`
 * also accepts the Apple form; `epoch-*` accept only numbers).
 */
export function parseTimestampText(text: string, format: TimeFormat = 'auto'): number {
  const s = text.trim();
  if (s === '') return FAIL;
  if (format !== 'iso' && NUMERIC_RE.test(s)) {
    return epochToMs(Number(s), format);
  }
  if (format === 'epoch-s' || format === 'epoch-ms') return FAIL;
  return parseIsoTimestamp(s);
}

/** A JSON value (string or number) → unix ms, or NaN. */
export function parseTimestampValue(v: unknown, format: TimeFormat = 'auto'): number {
  if (typeof v === 'number') return format === 'iso' ? FAIL : epochToMs(v, format);
  if (typeof v === 'string') return parseTimestampText(v, format);
  return FAIL;
}

/** Why {@link parseTimestampValue} failed for this value. */
export function describeTimestampFailure(v: unknown, format: TimeFormat = 'auto'): TimestampFailure {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return 'empty';
  const n = typeof v === 'number' ? v : typeof v === 'string' && NUMERIC_RE.test(v.trim()) ? Number(v.trim()) : NaN;
  if (format !== 'iso' && Number.isFinite(n)) return 'out-of-range';
  return 'unrecognised';
}

/**
 * True when text clearly is a date/time (ISO-like, not a bare number): used
 * to auto-detect the time column and to tell a header row from data.
 */
export function looksLikeDateText(s: string): boolean {
  return !Number.isNaN(parseIsoTimestamp(s.trim()));
}

/**
 * True when a number is plausibly an epoch timestamp in seconds or ms
 * between 2001-09-09 (1e9 s) and 2286 (1e10 s) / the same range in ms.
 * Used only for auto-detecting the time column from values.
 */
export function looksLikeEpoch(n: number): boolean {
  return Number.isInteger(n) && ((n >= 1e9 && n < 1e10) || (n >= 1e12 && n < 1e13));
}
