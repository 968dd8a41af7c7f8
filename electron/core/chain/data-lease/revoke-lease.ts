import { parseEventLogs, type Hash } from 'viem';
import { ChainTransactionError } from '../errors.js';
import { dataLeaseAbi, sendDataLeaseTransaction, type DataLeaseContext, type SendHooks } from './context.js';

export interface RevokeLeaseReturnType {
  transactionHash: Hash;
  /** Block time of the revocation. */
  time: bigint;
  /** floor(price × elapsed / duration), credited to the owner. */
  ownerAmount: bigint;
  /** The rest, credited back to the requester. */
  requesterRefund: bigint;
}

/** Ends an active lease now (owner only). */
export async function revokeLease(ctx: DataLeaseContext, leaseId: bigint, hooks: SendHooks = {}): Promise<RevokeLeaseReturnType> {
  const { hash, receipt } = await sendDataLeaseTransaction(ctx, 'revoke', [leaseId], undefined, hooks);
  const [event] = parseEventLogs({ abi: dataLeaseAbi, eventName: 'Revoked', logs: receipt.logs });
  if (!event) throw new ChainTransactionError('the revoke left no Revoked event', { details: hash });
  return {
    transactionHash: hash,
    time: event.args.time,
    ownerAmount: event.args.ownerAmount,
    requesterRefund: event.args.requesterRefund,
  };
}
