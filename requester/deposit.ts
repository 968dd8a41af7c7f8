import type { Account, Address, Chain, Hash, PublicClient, Transport, WalletClient } from 'viem';
import { dataLeaseAbi } from '../contracts/artifacts/DataLease.js';

export interface RequesterClients {
  publicClient: PublicClient<Transport, Chain | undefined>;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** The DataLease contract address. */
  contract: Address;
}

/** Adds `amount` wei to the requester's deposit, from which granted leases are paid. Resolves once mined. */
export async function deposit({ publicClient, walletClient, contract }: RequesterClients, amount: bigint): Promise<Hash> {
  const hash = await walletClient.writeContract({
    address: contract,
    abi: dataLeaseAbi,
    functionName: 'deposit',
    value: amount,
    chain: walletClient.chain,
    account: walletClient.account,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`deposit: transaction ${hash} reverted`);
  return hash;
}

/** Withdraws `amount` wei of the requester's unspent deposit and refunds. Resolves once mined. */
export async function withdraw({ publicClient, walletClient, contract }: RequesterClients, amount: bigint): Promise<Hash> {
  const hash = await walletClient.writeContract({
    address: contract,
    abi: dataLeaseAbi,
    functionName: 'withdraw',
    args: [amount],
    chain: walletClient.chain,
    account: walletClient.account,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`withdraw: transaction ${hash} reverted`);
  return hash;
}

/** The requester's withdrawable balance (deposit not in escrow, plus refunds). */
export async function depositBalance(
  { publicClient, contract }: Pick<RequesterClients, 'publicClient' | 'contract'>,
  requester: Address,
): Promise<bigint> {
  return publicClient.readContract({ address: contract, abi: dataLeaseAbi, functionName: 'balanceOf', args: [requester] });
}
