import type { Address, Hash } from 'viem';
import { mapChainError } from '../errors.js';
import { dataLeaseAbi, sendDataLeaseTransaction, type DataLeaseContext } from './context.js';

/** The withdrawable balance of `account` in the contract (earnings, deposits, refunds). */
export async function readBalance(ctx: DataLeaseContext, account: Address): Promise<bigint> {
  try {
    return await ctx.publicClient.readContract({
      address: ctx.address,
      abi: dataLeaseAbi,
      functionName: 'balanceOf',
      args: [account],
      blockTag: ctx.readBlockTag ?? 'pending',
    });
  } catch (e) {
    throw mapChainError(e);
  }
}

/** Pays `amount` of the context account's balance out to it (pull payment). */
export async function withdrawBalance(ctx: DataLeaseContext, amount: bigint): Promise<Hash> {
  const { hash } = await sendDataLeaseTransaction(ctx, 'withdraw', [amount]);
  return hash;
}
