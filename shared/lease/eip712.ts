/**
 * The EIP-712 side of the lease protocol: domain, the fixed `LeaseRequest`
 * type, and the scope hash the owner stores on-chain at grant time.
 * Everything here must match contracts/DataLease.sol bit for bit; the
 * integration tests compare the contract's `hashLeaseRequest` with these.
 */
import { hashStruct, hashTypedData, type Address, type Hex, type TypedDataDomain } from 'viem';
import type { LeaseRequestMessage } from './request.js';

export const LEASE_DOMAIN_NAME = 'DataWallet';
export const LEASE_DOMAIN_VERSION = '2';
/** Domain versions this wallet refuses with an "upgrade" error (signed without the payment token). */
export const RETIRED_LEASE_DOMAIN_VERSIONS = ['1'] as const;

/** The primary type, exactly as the protocol fixes it (and the contract hashes it). */
export const LEASE_REQUEST_TYPE =
  'LeaseRequest(address requester,string requesterName,string purpose,string description,string[] datasets,uint64 dataFrom,uint64 dataTo,uint64 duration,address token,uint256 price,uint32 maxEpsilonMilli,string taskUrl,uint256 nonce,uint64 deadline)';

export const leaseRequestTypes = {
  LeaseRequest: [
    { name: 'requester', type: 'address' },
    { name: 'requesterName', type: 'string' },
    { name: 'purpose', type: 'string' },
    { name: 'description', type: 'string' },
    { name: 'datasets', type: 'string[]' },
    { name: 'dataFrom', type: 'uint64' },
    { name: 'dataTo', type: 'uint64' },
    { name: 'duration', type: 'uint64' },
    { name: 'token', type: 'address' },
    { name: 'price', type: 'uint256' },
    { name: 'maxEpsilonMilli', type: 'uint32' },
    { name: 'taskUrl', type: 'string' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint64' },
  ],
} as const;

/** Where a request is valid: one chain, one DataLease contract. */
export interface LeaseDomainParams {
  chainId: number;
  verifyingContract: Address;
}

export function leaseDomain({ chainId, verifyingContract }: LeaseDomainParams) {
  return {
    name: LEASE_DOMAIN_NAME,
    version: LEASE_DOMAIN_VERSION,
    chainId,
    verifyingContract,
  } as const satisfies TypedDataDomain;
}

/** The full typed-data definition, ready for any EIP-712 signer or verifier. */
export function leaseRequestTypedData(domain: LeaseDomainParams, message: LeaseRequestMessage) {
  return {
    domain: leaseDomain(domain),
    types: leaseRequestTypes,
    primaryType: 'LeaseRequest',
    message: { ...message, datasets: [...message.datasets] },
  } as const;
}

/** The digest a requester signs (and the contract recomputes). */
export function hashLeaseRequest(domain: LeaseDomainParams, message: LeaseRequestMessage): Hex {
  return hashTypedData(leaseRequestTypedData(domain, message));
}

// ---------------------------------------------------------------- scope

/**
 * The part of a request the owner may narrow before granting. Its hash is
 * stored on-chain with the lease, so both sides can later prove what was
 * granted. Defined as an EIP-712 struct hash so any EIP-712 library can
 * reproduce it:
 *   LeaseScope(string[] datasets,uint64 dataFrom,uint64 dataTo)
 * Datasets are hashed in the order given; narrowing keeps the request's order.
 */
export const LEASE_SCOPE_TYPE = 'LeaseScope(string[] datasets,uint64 dataFrom,uint64 dataTo)';

export const leaseScopeTypes = {
  LeaseScope: [
    { name: 'datasets', type: 'string[]' },
    { name: 'dataFrom', type: 'uint64' },
    { name: 'dataTo', type: 'uint64' },
  ],
} as const;

export interface LeaseScope {
  datasets: readonly string[];
  dataFrom: bigint;
  dataTo: bigint;
}

export function hashLeaseScope(scope: LeaseScope): Hex {
  return hashStruct({
    primaryType: 'LeaseScope',
    types: leaseScopeTypes,
    data: { datasets: [...scope.datasets], dataFrom: scope.dataFrom, dataTo: scope.dataTo },
  });
}

/** The scope a request asks for, before any narrowing. */
export function requestedScope(message: LeaseRequestMessage): LeaseScope {
  return { datasets: message.datasets, dataFrom: message.dataFrom, dataTo: message.dataTo };
}
