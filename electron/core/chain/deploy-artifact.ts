/** Deploys compiled bytecode and waits for its receipt: the one deployment path of every contract the wallet deploys. */
import { getAddress, type Abi, type Address, type Hash, type Hex, type TransactionReceipt } from 'viem';
import type { ChainPublicClient, ChainWalletClient } from './clients.js';
import { ChainTransactionError, mapChainError } from './errors.js';
import { waitForReceipt } from './wait-for-receipt.js';

export async function deployArtifact(
  { publicClient, walletClient }: { publicClient: ChainPublicClient; walletClient: ChainWalletClient },
  artifact: { abi: Abi; bytecode: Hex; what: string },
): Promise<{ address: Address; transactionHash: Hash; receipt: TransactionReceipt }> {
  let transactionHash: Hash;
  try {
    transactionHash = await walletClient.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      account: walletClient.account,
      chain: walletClient.chain,
    });
  } catch (e) {
    throw mapChainError(e);
  }
  const receipt = await waitForReceipt(publicClient, transactionHash);
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new ChainTransactionError(`the ${artifact.what} deployment reverted`, { details: transactionHash });
  }
  return { address: getAddress(receipt.contractAddress), transactionHash, receipt };
}
