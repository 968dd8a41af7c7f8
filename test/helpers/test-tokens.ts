/**
 * Test ERC-20 tokens on the fixture chain (NOT REAL MONEY): the embedded
 * chain's TestStablecoin (OpenZeppelin ERC20, 6 decimals) and NoReturnToken
 * (transfer/approve return nothing; optional fee on transfer), both from the
 * committed artifact of contracts/test/TestTokens.sol.
 */
import { erc20Abi, getAddress, type Address, type Hash } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { noReturnTokenAbi, noReturnTokenBytecode } from '../../contracts/artifacts/test/TestTokens.js';
import { deployTestStablecoin, mintTestStablecoin } from '../../electron/core/chain/deploy-test-stablecoin.js';
import type { EmbeddedChain } from '../../electron/core/chain/embedded-chain.js';
import { waitForReceipt } from '../../electron/core/chain/wait-for-receipt.js';
import { depositToken } from '../../requester/deposit.js';

export async function deployStablecoin(chain: EmbeddedChain, deployer: PrivateKeyAccount): Promise<Address> {
  return (await deployTestStablecoin({ publicClient: chain.publicClient, walletClient: chain.walletClient(deployer) })).address;
}

/** A token whose transfers return no bool; `feeBps` > 0 keeps that share of every transfer (fee-on-transfer). */
export async function deployNoReturnToken(chain: EmbeddedChain, deployer: PrivateKeyAccount, feeBps = 0n, symbol = 'NRT'): Promise<Address> {
  const hash = await chain.walletClient(deployer).deployContract({
    abi: noReturnTokenAbi,
    bytecode: noReturnTokenBytecode,
    args: [`No-return test token (not real money)`, symbol, feeBps],
  });
  const receipt = await waitForReceipt(chain.publicClient, hash);
  if (!receipt.contractAddress) throw new Error('NoReturnToken deployment failed');
  return getAddress(receipt.contractAddress);
}

/** Mints `amount` of a test token (either kind: both have an open `mint(address,uint256)`). */
export async function mintTo(chain: EmbeddedChain, token: Address, minter: PrivateKeyAccount, to: Address, amount: bigint): Promise<Hash> {
  return mintTestStablecoin({ publicClient: chain.publicClient, walletClient: chain.walletClient(minter) }, token, to, amount);
}

export function tokenBalance(chain: EmbeddedChain, token: Address, account: Address): Promise<bigint> {
  return chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [account] });
}

/** approve + depositToken through the requester SDK. */
export async function depositTokenAs(chain: EmbeddedChain, contract: Address, account: PrivateKeyAccount, token: Address, amount: bigint): Promise<void> {
  await depositToken({ publicClient: chain.publicClient, walletClient: chain.walletClient(account), contract }, token, amount);
}
