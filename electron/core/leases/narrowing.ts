/**
 * What the owner may change before granting: fewer of the requested datasets
 * (kept in the request's order, so the scope hash is reproducible), a time
 * range inside the requested one, a shorter duration. Anything else is a
 * NarrowingInvalidError; nothing is ever widened.
 */
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { NarrowingInvalidError } from './errors.js';

export interface Narrowing {
  datasets?: readonly string[];
  /** Unix seconds. */
  dataFrom?: number | bigint;
  /** Unix seconds. */
  dataTo?: number | bigint;
  /** Seconds. */
  duration?: number | bigint;
}

export interface GrantedTerms {
  datasets: string[];
  dataFrom: bigint;
  dataTo: bigint;
  duration: bigint;
  /** True when anything differs from the request. */
  narrowed: boolean;
}

function toBig(field: NarrowingInvalidError['field'], v: number | bigint): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw new NarrowingInvalidError(field, 'it must be a whole number');
  return BigInt(v);
}

export function applyNarrowing(message: LeaseRequestMessage, narrowing: Narrowing = {}): GrantedTerms {
  let datasets = [...message.datasets];
  if (narrowing.datasets !== undefined) {
    const wanted = narrowing.datasets;
    if (wanted.length === 0) throw new NarrowingInvalidError('datasets', 'at least one dataset must stay in the lease');
    if (new Set(wanted).size !== wanted.length) throw new NarrowingInvalidError('datasets', 'a dataset is listed twice');
    const unknown = wanted.filter((d) => !message.datasets.includes(d));
    if (unknown.length > 0) {
      throw new NarrowingInvalidError('datasets', `${unknown.length} of them ${unknown.length === 1 ? 'was' : 'were'} not requested`, {
        details: `The request lists ${message.datasets.length} dataset kinds.`,
      });
    }
    datasets = message.datasets.filter((d) => wanted.includes(d));
  }
  const dataFrom = narrowing.dataFrom === undefined ? message.dataFrom : toBig('dataFrom', narrowing.dataFrom);
  const dataTo = narrowing.dataTo === undefined ? message.dataTo : toBig('dataTo', narrowing.dataTo);
  if (dataFrom < message.dataFrom || dataFrom > message.dataTo) {
    throw new NarrowingInvalidError('dataFrom', 'it must lie inside the requested time range');
  }
  if (dataTo > message.dataTo || dataTo < message.dataFrom) {
    throw new NarrowingInvalidError('dataTo', 'it must lie inside the requested time range');
  }
  if (dataFrom > dataTo) throw new NarrowingInvalidError('dataTo', 'the range ends before it starts');
  const duration = narrowing.duration === undefined ? message.duration : toBig('duration', narrowing.duration);
  if (duration < 1n) throw new NarrowingInvalidError('duration', 'it must be at least one second');
  if (duration > message.duration) throw new NarrowingInvalidError('duration', 'it is longer than requested');
  const narrowed =
    datasets.length !== message.datasets.length ||
    dataFrom !== message.dataFrom ||
    dataTo !== message.dataTo ||
    duration !== message.duration;
  return { datasets, dataFrom, dataTo, duration, narrowed };
}

/** What the contract escrows for a grant of `duration` seconds: floor(price × duration ÷ requested duration). */
export function grantedPrice(message: LeaseRequestMessage, duration: bigint): bigint {
  return duration === message.duration ? message.price : (message.price * duration) / message.duration;
}

/** Warnings for the owner about narrowed terms (before granting): today, a price that rounds down to 0. */
export function narrowingWarnings(message: LeaseRequestMessage, granted: GrantedTerms): string[] {
  if (message.price > 0n && grantedPrice(message, granted.duration) === 0n) {
    return ['this shorter duration rounds the price down to 0: the requester pays nothing for it'];
  }
  return [];
}
