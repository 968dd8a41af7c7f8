/**
 * How the DataLease contract's stored lease reads, for the wallet and for
 * requesters alike: the `getLease` struct and its status judged by block time
 * the way the contract's `isActive` does.
 */
import type { Address, Hex } from 'viem';

/** The contract's `Status` enum, by value. */
const STORED_STATUS = ['none', 'active', 'revoked', 'settled'] as const;

/** `expired` = stored as active, block time ≥ expiry, price still in escrow until settled. */
export type OnChainLeaseStatus = 'active' | 'expired' | 'revoked' | 'settled';

/** The fields of a stored lease (the `getLease` struct without its raw status). */
export interface OnChainLeaseFields {
  owner: Address;
  requester: Address;
  /** Block time of the grant, unix seconds. */
  start: bigint;
  /** Unix seconds; the lease is active while block time < expiry. */
  expiry: bigint;
  /** Payment token; the zero address is the chain's native currency. */
  token: Address;
  /** Escrowed price for the granted duration, in the token's smallest unit (wei for native). */
  price: bigint;
  scopeHash: Hex;
  /** EIP-712 digest of the signed request. */
  requestDigest: Hex;
  deliveries: number;
}

/** The `getLease` struct as viem decodes it. */
export interface StoredLeaseStruct extends OnChainLeaseFields {
  status: number;
}

/**
 * The lease's fields and its status at block time `chainTime`, or null when
 * the struct holds no lease (status `none`).
 */
export function interpretStoredLease(stored: StoredLeaseStruct, chainTime: bigint): (OnChainLeaseFields & { status: OnChainLeaseStatus }) | null {
  const raw = STORED_STATUS[stored.status] ?? 'none';
  if (raw === 'none') return null;
  return {
    owner: stored.owner,
    requester: stored.requester,
    start: stored.start,
    expiry: stored.expiry,
    token: stored.token,
    price: stored.price,
    scopeHash: stored.scopeHash,
    requestDigest: stored.requestDigest,
    deliveries: stored.deliveries,
    status: raw === 'active' && chainTime >= stored.expiry ? 'expired' : raw,
  };
}
