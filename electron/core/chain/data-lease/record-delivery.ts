import { parseEventLogs, type Hash, type Hex } from 'viem';
import { ChainTransactionError } from '../errors.js';
import { dataLeaseAbi, sendDataLeaseTransaction, type DataLeaseContext } from './context.js';

export interface RecordDeliveryReturnType {
  transactionHash: Hash;
  /** 1 for the lease's first delivery, 2 for the second… */
  count: number;
  time: bigint;
}

/** Records on-chain the hash of a result that left the device under an active lease (owner only). */
export async function recordDelivery(ctx: DataLeaseContext, leaseId: bigint, resultHash: Hex): Promise<RecordDeliveryReturnType> {
  const { hash, receipt } = await sendDataLeaseTransaction(ctx, 'recordDelivery', [leaseId, resultHash]);
  const [event] = parseEventLogs({ abi: dataLeaseAbi, eventName: 'DeliveryRecorded', logs: receipt.logs });
  if (!event) throw new ChainTransactionError('recordDelivery left no DeliveryRecorded event', { details: hash });
  return { transactionHash: hash, count: event.args.count, time: event.args.time };
}
