import type { Address } from 'viem';
import { interpretStoredLease, type OnChainLeaseFields, type OnChainLeaseStatus } from '../../../../shared/lease/on-chain-lease.js';
import { DataLeaseRevertError, mapChainError } from '../errors.js';
import { dataLeaseAbi, type DataLeaseContext } from './context.js';

export type { OnChainLeaseStatus };

export interface OnChainLease extends OnChainLeaseFields {
  id: bigint;
  status: OnChainLeaseStatus;
  /** The block time the status was judged at. */
  chainTime: bigint;
}

/** One lease as the chain sees it now; null when no lease has this id. */
export async function readLease(ctx: DataLeaseContext, leaseId: bigint): Promise<OnChainLease | null> {
  const blockTag = ctx.readBlockTag ?? 'pending';
  try {
    const [lease, block] = await Promise.all([
      ctx.publicClient.readContract({ address: ctx.address, abi: dataLeaseAbi, functionName: 'getLease', args: [leaseId], blockTag }),
      ctx.publicClient.getBlock({ blockTag }),
    ]);
    const read = interpretStoredLease(lease, block.timestamp);
    return read && { id: leaseId, ...read, chainTime: block.timestamp };
  } catch (e) {
    const mapped = mapChainError(e);
    if (mapped instanceof DataLeaseRevertError && mapped.reason === 'LeaseNotFound') return null;
    throw mapped;
  }
}

/** The contract's own answer to "is this lease active now?" (false for unknown ids). */
export async function isLeaseActive(ctx: DataLeaseContext, leaseId: bigint): Promise<boolean> {
  try {
    return await ctx.publicClient.readContract({
      address: ctx.address,
      abi: dataLeaseAbi,
      functionName: 'isActive',
      args: [leaseId],
      blockTag: ctx.readBlockTag ?? 'pending',
    });
  } catch (e) {
    const mapped = mapChainError(e);
    if (mapped instanceof DataLeaseRevertError && mapped.reason === 'LeaseNotFound') return false;
    throw mapped;
  }
}

/** The lease that used a requester's nonce, or null: lets the wallet reconcile a grant it is unsure was mined. */
export async function findLeaseByNonce(ctx: DataLeaseContext, requester: Address, nonce: bigint): Promise<bigint | null> {
  try {
    const id = await ctx.publicClient.readContract({
      address: ctx.address,
      abi: dataLeaseAbi,
      functionName: 'leaseIdByNonce',
      args: [requester, nonce],
      blockTag: ctx.readBlockTag ?? 'pending',
    });
    return id === 0n ? null : id;
  } catch (e) {
    throw mapChainError(e);
  }
}
