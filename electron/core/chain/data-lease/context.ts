import type { Address, ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt } from 'viem';
import { dataLeaseAbi } from '../../../../contracts/artifacts/DataLease.js';
import type { ChainPublicClient, ChainWalletClient } from '../clients.js';
import { ChainTransactionError, mapChainError } from '../errors.js';
import { waitForReceipt } from '../wait-for-receipt.js';

/** What every DataLease action needs: a chain, the contract, and (for writes) the acting account. */
export interface DataLeaseContext {
  publicClient: ChainPublicClient;
  /** Signs as the data owner (the wallet's own account). Needed for writes only. */
  walletClient?: ChainWalletClient;
  address: Address;
  /**
   * Block the views read at. 'pending' (default) evaluates `block.timestamp`
   * at the current time even when no block has been mined for a while, which
   * an idle embedded chain needs for expiry; use 'latest' for networks whose
   * RPC does not support pending.
   */
  readBlockTag?: 'latest' | 'pending';
}

type WriteName = ContractFunctionName<typeof dataLeaseAbi, 'nonpayable' | 'payable'>;

/** Sends one DataLease transaction as the context's account and waits for its receipt; errors mapped to WalletErrors. */
export async function sendDataLeaseTransaction<N extends WriteName>(
  ctx: DataLeaseContext,
  functionName: N,
  args: ContractFunctionArgs<typeof dataLeaseAbi, 'nonpayable' | 'payable', N>,
  value?: bigint,
): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  const walletClient = ctx.walletClient;
  if (!walletClient) throw new ChainTransactionError('no account to sign with', { details: `${functionName} needs a wallet client` });
  let hash: Hash;
  try {
    // The generic call is checked at each call site; viem's overloads cannot follow a generic name here.
    hash = await walletClient.writeContract({
      address: ctx.address,
      abi: dataLeaseAbi,
      functionName,
      args,
      value,
      account: walletClient.account,
      chain: walletClient.chain,
    } as Parameters<typeof walletClient.writeContract>[0]);
  } catch (e) {
    throw mapChainError(e);
  }
  const receipt = await waitForReceipt(ctx.publicClient, hash);
  if (receipt.status !== 'success') {
    throw new ChainTransactionError(`${functionName} reverted after it was sent`, { details: hash });
  }
  return { hash, receipt };
}

export { dataLeaseAbi };
