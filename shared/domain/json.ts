/**
 * Small schemas every result type uses. Conventions (see shared/api/define.ts):
 * bigints as canonical decimal strings, times as unix milliseconds unless the
 * field documents contract units (seconds, as decimal strings), addresses and
 * hashes as 0x-prefixed hex.
 */
import { z } from 'zod';

/** A 20-byte address, 0x-prefixed (EIP-55 checksummed when the wallet produced it). */
export const AddressString = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x address (40 hex digits)');
/** A 32-byte hash or digest, 0x-prefixed. */
export const Hash32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x followed by 64 hex digits');
/** Signed unix milliseconds (records may predate 1970), within what Date can hold. */
export const TimeMs = z.number().int().min(-8.64e15).max(8.64e15);
