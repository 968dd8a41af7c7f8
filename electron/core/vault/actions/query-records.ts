import type { StoredRecord } from '../../../../shared/domain/record.js';
import { type DatasetNotFoundError, InvalidQueryError } from '../errors.js';
import { decodeCursor, encodeCursor } from '../records/cursor.js';
import { toStoredRecord } from '../records/to-domain.js';
import type { VaultSession } from '../session.js';
import { requireDataset } from './dataset-lookup.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;

export interface RecordsQuery {
  /** Inclusive lower bound on tStart (unix ms). */
  from?: number;
  /** Exclusive upper bound on tStart (unix ms). */
  to?: number;
  /** Page size, 1..10 000 (default 100). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  after?: string | null;
}

export interface RecordsPage {
  records: StoredRecord[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export type QueryRecordsParameters = [kind: string, query?: RecordsQuery];
export type QueryRecordsErrorType = DatasetNotFoundError | InvalidQueryError;

/** One page of a dataset's records in (tStart, id) order, with keyset pagination. */
export function queryRecords(session: VaultSession, kind: string, query: RecordsQuery = {}): RecordsPage {
  const dataset = requireDataset(session.reads, kind);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidQueryError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const range = checkTimeRange(query.from, query.to);
  const after = query.after == null ? null : decodeCursor(query.after);
  const rows = session.reads.recordPage(dataset.id, { ...range, after, limit: limit + 1 });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    records: page.map((row) => toStoredRecord(dataset.kind, row)),
    nextCursor: more && last ? encodeCursor({ tStart: last.t_start, id: last.id }) : null,
  };
}

/** Validates an optional [from, to) range of unix ms. */
export function checkTimeRange(from: number | undefined, to: number | undefined): { from: number | null; to: number | null } {
  for (const [name, t] of [['from', from], ['to', to]] as const) {
    if (t !== undefined && !Number.isSafeInteger(t)) throw new InvalidQueryError(`${name} must be a whole number of milliseconds`);
  }
  return { from: from ?? null, to: to ?? null };
}
