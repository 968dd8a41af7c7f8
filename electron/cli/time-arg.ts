import { UsageError } from './errors.js';

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A --from/--to value as unix milliseconds: an ISO-8601 date or date-time
 * (date-only and zone-less values are UTC), or a unix time in seconds
 * (10 digits or fewer) or milliseconds.
 */
export function parseTimeArg(flag: string, raw: string): number {
  const s = raw.trim();
  if (/^\d{1,16}$/.test(s)) {
    const n = Number(s);
    return s.length <= 10 ? n * 1000 : n;
  }
  if (ISO.test(s)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(s) && s.length > 10;
    const normalized = s.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(hasZone ? normalized : s.length === 10 ? `${normalized}T00:00:00Z` : `${normalized}Z`);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(
    `${flag} "${raw}" is not a time I can read.`,
    'Use an ISO-8601 date or date-time (2024-03-01, 2024-03-01T08:00:00+01:00) or unix seconds/milliseconds.',
  );
}
