/** Reading stored request and lease rows: their messages, terms and times. */
import { zeroAddress } from 'viem';
import { leaseRequestFromJson, type LeaseRequestMessage, type leaseRequestToJson } from '../../../../shared/lease/request.js';
import type { LeaseRow, RequestRow } from '../store.js';
import type { RequestTerms } from '../types.js';

export const DIGEST = /^0x[0-9a-fA-F]{64}$/;
const MAX_MS = Number.MAX_SAFE_INTEGER;

/** Chain seconds → unix ms, capped to what a JS number holds exactly (an absurd expiry reads as "never"). */
export function secondsToMs(s: bigint): number {
  const ms = s * 1000n;
  return ms > BigInt(MAX_MS) ? MAX_MS : Number(ms);
}

export function termsOf(message: LeaseRequestMessage): RequestTerms {
  return {
    datasets: [...message.datasets],
    dataFrom: message.dataFrom.toString(),
    dataTo: message.dataTo.toString(),
    duration: message.duration.toString(),
    price: message.price.toString(),
  };
}

/** The stored request's message. Requests stored before protocol version 2 carry no token: they were paid in the native currency. */
export function messageOf(row: RequestRow): LeaseRequestMessage {
  const stored = JSON.parse(row.message) as Partial<ReturnType<typeof leaseRequestToJson>>;
  return leaseRequestFromJson({ ...stored, token: stored.token ?? zeroAddress } as ReturnType<typeof leaseRequestToJson>);
}

export function grantedTermsOf(row: LeaseRow): RequestTerms {
  return {
    datasets: JSON.parse(row.datasets) as string[],
    dataFrom: row.data_from,
    dataTo: row.data_to,
    duration: row.duration,
    price: row.price ?? '',
  };
}
