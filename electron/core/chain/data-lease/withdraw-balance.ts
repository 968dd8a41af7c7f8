import { zeroAddress, type Address, type Hash } from 'viem';
import { mapChainError } from '../errors.js';
import { dataLeaseAbi, sendDataLeaseTransaction, type DataLeaseContext } from './context.js';

/**
 * The withdrawable balance of `account` in the contract (earnings, deposits,
 * refunds) in `token`; the zero address (the default) is the native currency.
 */
export async function readBalance(ctx: DataLeaseContext, account: Address, token: Address = zeroAddress): Promise<bigint> {
  try {
    return await ctx.publicClient.readContract({
      address: ctx.address,
      abi: dataLeaseAbi,
      functionName: 'balanceOf',
      args: [account, token],
      blockTag: ctx.readBlockTag ?? 'pending',
    });
  } catch (e) {
    throw mapChainError(e);
  }
}

/** Pays `amount` of the context account's balance in `token` (default: native) out to it (pull payment). */
export async function withdrawBalance(ctx: DataLeaseContext, amount: bigint, token: Address = zeroAddress): Promise<Hash> {
  const { hash } = await sendDataLeaseTransaction(ctx, 'withdraw', [token, amount]);
  return hash;
}
