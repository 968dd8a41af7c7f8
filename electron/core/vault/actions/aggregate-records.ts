import { type DatasetNotFoundError, InvalidQueryError } from '../errors.js';
import type { VaultSession } from '../session.js';
import { requireDataset } from './dataset-lookup.js';
import { checkTimeRange } from './query-records.js';

export interface AggregateQuery {
  bucket: 'hour' | 'day';
  /** Inclusive lower bound on tStart (unix ms). */
  from?: number;
  /** Exclusive upper bound on tStart (unix ms). */
  to?: number;
  /**
   * Fixed offset from UTC for bucket boundaries (e.g. 120 for UTC+2), so
   * `day` buckets are local days. No DST rules: one offset for the range.
   */
  utcOffsetMinutes?: number;
}

/** Statistics of the numeric values (valueNum) whose tStart falls in one bucket. */
export interface AggregateBucket {
  /** Start of the bucket, unix ms. */
  bucketStart: number;
  /** Records with a numeric value (records with valueNum null are left out). */
  count: number;
  sum: number;
  mean: number;
  min: number;
  max: number;
}

export type AggregateParameters = [kind: string, query: AggregateQuery];
export type AggregateErrorType = DatasetNotFoundError | InvalidQueryError;

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;
const MAX_OFFSET_MINUTES = 18 * 60;

/** Buckets with at least one numeric value, in time order. */
export function aggregateRecords(session: VaultSession, kind: string, query: AggregateQuery): AggregateBucket[] {
  const dataset = requireDataset(session.reads, kind);
  const bucketMs = BUCKET_MS[query.bucket];
  if (bucketMs === undefined) throw new InvalidQueryError('bucket must be "hour" or "day"');
  const offset = query.utcOffsetMinutes ?? 0;
  if (!Number.isInteger(offset) || Math.abs(offset) > MAX_OFFSET_MINUTES) {
    throw new InvalidQueryError(`utcOffsetMinutes must be a whole number from -${MAX_OFFSET_MINUTES} to ${MAX_OFFSET_MINUTES}`);
  }
  const range = checkTimeRange(query.from, query.to);
  return session.reads
    .buckets(dataset.id, { ...range, bucketMs, offsetMs: offset * 60_000 })
    .map((b) => ({ bucketStart: b.bucket_start, count: b.count, sum: b.sum, mean: b.mean, min: b.min, max: b.max }));
}
