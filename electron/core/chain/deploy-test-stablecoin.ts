/**
 * The embedded chain's demo token: "Test Stablecoin (not real money)", a
 * 6-decimal ERC-20 anyone can mint, compiled from contracts/test/TestTokens.sol.
 * Deployed only on the embedded chain (prepareEmbeddedChain), for demos and
 * tests of token-paid leases; never on a configured network.
 */
import { type Address, type Hash } from 'viem';
import { testStablecoinAbi, testStablecoinBytecode } from '../../../contracts/artifacts/test/TestTokens.js';
import type { ChainPublicClient, ChainWalletClient } from './clients.js';
import { ChainTransactionError, mapChainError } from './errors.js';
import { deployArtifact } from './deploy-artifact.js';
import { waitForReceipt } from './wait-for-receipt.js';

export const TEST_STABLECOIN_NAME = 'Test Stablecoin (not real money)';
export const TEST_STABLECOIN_SYMBOL = 'TSTC';
export const TEST_STABLECOIN_DECIMALS = 6;

export { testStablecoinAbi };

export async function deployTestStablecoin({
  publicClient,
  walletClient,
}: {
  publicClient: ChainPublicClient;
  walletClient: ChainWalletClient;
}): Promise<{ address: Address; transactionHash: Hash }> {
  const { address, transactionHash } = await deployArtifact(
    { publicClient, walletClient },
    { abi: testStablecoinAbi, bytecode: testStablecoinBytecode, what: 'test stablecoin' },
  );
  return { address, transactionHash };
}

/** True when `address` holds the test stablecoin (its name says so). */
export async function isTestStablecoin(publicClient: ChainPublicClient, address: Address): Promise<boolean> {
  try {
    const code = await publicClient.getCode({ address });
    if (!code || code === '0x') return false;
    const name = await publicClient.readContract({ address, abi: testStablecoinAbi, functionName: 'name' });
    return name === TEST_STABLECOIN_NAME;
  } catch {
    return false;
  }
}

/** Mints `amount` (6-decimal units) of the test stablecoin to `to`: play money for demos and tests. */
export async function mintTestStablecoin(
  { publicClient, walletClient }: { publicClient: ChainPublicClient; walletClient: ChainWalletClient },
  token: Address,
  to: Address,
  amount: bigint,
): Promise<Hash> {
  let hash: Hash;
  try {
    hash = await walletClient.writeContract({
      address: token,
      abi: testStablecoinAbi,
      functionName: 'mint',
      args: [to, amount],
      account: walletClient.account,
      chain: walletClient.chain,
    });
  } catch (e) {
    throw mapChainError(e);
  }
  const receipt = await waitForReceipt(publicClient, hash);
  if (receipt.status !== 'success') throw new ChainTransactionError('minting the test stablecoin reverted', { details: hash });
  return hash;
}
