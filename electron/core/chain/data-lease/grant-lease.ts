import { parseEventLogs, type Hash, type Hex } from 'viem';
import type { LeaseRequestMessage } from '../../../../shared/lease/request.js';
import { ChainTransactionError } from '../errors.js';
import { dataLeaseAbi, sendDataLeaseTransaction, type DataLeaseContext } from './context.js';

export interface GrantLeaseParameters {
  /** The request exactly as the requester signed it. */
  message: LeaseRequestMessage;
  signature: Hex;
  /** hashLeaseScope() of the granted, possibly narrowed, scope. */
  scopeHash: Hex;
  /** Seconds; at most message.duration. */
  duration: bigint;
}

export interface GrantLeaseReturnType {
  leaseId: bigint;
  transactionHash: Hash;
  blockNumber: bigint;
  /** Wei moved from the requester's deposit into escrow. */
  price: bigint;
  start: bigint;
  expiry: bigint;
  requestDigest: Hex;
}

/** Grants a signed lease request as the context's account (the data owner). */
export async function grantLease(ctx: DataLeaseContext, p: GrantLeaseParameters): Promise<GrantLeaseReturnType> {
  const { hash, receipt } = await sendDataLeaseTransaction(ctx, 'grant', [
    { ...p.message, datasets: [...p.message.datasets] },
    p.signature,
    p.scopeHash,
    p.duration,
  ]);
  const [granted] = parseEventLogs({ abi: dataLeaseAbi, eventName: 'Granted', logs: receipt.logs });
  if (!granted) throw new ChainTransactionError('the grant left no Granted event', { details: hash });
  return {
    leaseId: granted.args.id,
    transactionHash: hash,
    blockNumber: receipt.blockNumber,
    price: granted.args.price,
    start: granted.args.start,
    expiry: granted.args.expiry,
    requestDigest: granted.args.requestDigest,
  };
}
