import { parseEventLogs, type Hash } from 'viem';
import { ChainTransactionError } from '../errors.js';
import { dataLeaseAbi, sendDataLeaseTransaction, type DataLeaseContext } from './context.js';

export interface SettleLeaseReturnType {
  transactionHash: Hash;
  time: bigint;
  ownerAmount: bigint;
}

/** Pays the owner the full price of an expired lease (anyone may call). */
export async function settleLease(ctx: DataLeaseContext, leaseId: bigint): Promise<SettleLeaseReturnType> {
  const { hash, receipt } = await sendDataLeaseTransaction(ctx, 'settle', [leaseId]);
  const [event] = parseEventLogs({ abi: dataLeaseAbi, eventName: 'Settled', logs: receipt.logs });
  if (!event) throw new ChainTransactionError('the settle left no Settled event', { details: hash });
  return { transactionHash: hash, time: event.args.time, ownerAmount: event.args.ownerAmount };
}
