import { InvalidQueryError } from '../errors.js';
import type { VaultSession } from '../session.js';
import { checkTimeRange } from './query-records.js';

export interface CountRecordsQuery {
  /** Inclusive lower bound on tStart (unix ms). */
  from?: number;
  /** Exclusive upper bound on tStart (unix ms). */
  to?: number;
}

export type CountRecordsParameters = [kinds: readonly string[], query?: CountRecordsQuery];
export type CountRecordsReturnType = number;
export type CountRecordsErrorType = InvalidQueryError;

/**
 * How many records of the given datasets start in [from, to): every record,
 * numeric or not. A kind the vault does not have counts 0 (a request may ask
 * for data the owner never imported).
 */
export function countRecords(session: VaultSession, kinds: readonly string[], query: CountRecordsQuery = {}): CountRecordsReturnType {
  if (!Array.isArray(kinds)) throw new InvalidQueryError('kinds must be a list of dataset kinds');
  const range = checkTimeRange(query.from, query.to);
  let total = 0;
  for (const kind of new Set(kinds)) {
    const dataset = typeof kind === 'string' ? session.reads.datasetByKind(kind) : undefined;
    if (dataset) total += session.reads.countRecords(dataset.id, range);
  }
  return total;
}
