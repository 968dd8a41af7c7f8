import { zeroAddress, type Account, type Address, type Chain, type Hash, type PublicClient, type Transport, type WalletClient } from 'viem';
import { dataLeaseAbi } from '../contracts/artifacts/DataLease.js';

export interface RequesterClients {
  publicClient: PublicClient<Transport, Chain | undefined>;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** The DataLease contract address. */
  contract: Address;
}

/**
 * The few ERC-20 functions a requester needs. `approve` is declared without
 * outputs so tokens that return no bool (some widely used ones) work too.
 */
export const erc20PaymentAbi = [
  {
    type: 'function',
    name: 'approve',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'spender', type: 'address' },
      { name: 'amount', type: 'uint256' },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'allowance',
    stateMutability: 'view',
    inputs: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
    ],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'balanceOf',
    stateMutability: 'view',
    inputs: [{ name: 'account', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
] as const;

async function mined(publicClient: RequesterClients['publicClient'], hash: Hash, what: string): Promise<Hash> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${what}: transaction ${hash} reverted`);
  return hash;
}

/** Adds `amount` wei to the requester's native deposit, from which native-currency leases are paid. Resolves once mined. */
export async function deposit({ publicClient, walletClient, contract }: RequesterClients, amount: bigint): Promise<Hash> {
  const hash = await walletClient.writeContract({
    address: contract,
    abi: dataLeaseAbi,
    functionName: 'deposit',
    value: amount,
    chain: walletClient.chain,
    account: walletClient.account,
  });
  return mined(publicClient, hash, 'deposit');
}

/**
 * Adds `amount` (in the token's smallest unit) of ERC-20 `token` to the
 * requester's deposit in that token: approves the lease contract for the
 * amount (resetting a smaller leftover approval to zero first, as some
 * tokens require), then deposits. Resolves once both are mined; returns the
 * deposit's hash. The contract refuses tokens that deliver less than sent.
 */
export async function depositToken(
  { publicClient, walletClient, contract }: RequesterClients,
  token: Address,
  amount: bigint,
): Promise<{ approveHash: Hash | null; depositHash: Hash }> {
  if (token === zeroAddress) throw new Error('depositToken: the zero address is the native currency; use deposit()');
  const owner = walletClient.account.address;
  const allowance = await publicClient.readContract({ address: token, abi: erc20PaymentAbi, functionName: 'allowance', args: [owner, contract] });
  let approveHash: Hash | null = null;
  if (allowance < amount) {
    const approve = async (value: bigint) =>
      mined(
        publicClient,
        await walletClient.writeContract({
          address: token,
          abi: erc20PaymentAbi,
          functionName: 'approve',
          args: [contract, value],
          chain: walletClient.chain,
          account: walletClient.account,
        }),
        'approve',
      );
    if (allowance > 0n) await approve(0n);
    approveHash = await approve(amount);
  }
  const hash = await walletClient.writeContract({
    address: contract,
    abi: dataLeaseAbi,
    functionName: 'depositToken',
    args: [token, amount],
    chain: walletClient.chain,
    account: walletClient.account,
  });
  return { approveHash, depositHash: await mined(publicClient, hash, 'deposit') };
}

/** Withdraws `amount` of the requester's unspent deposit and refunds in `token` (default: native). Resolves once mined. */
export async function withdraw(
  { publicClient, walletClient, contract }: RequesterClients,
  amount: bigint,
  token: Address = zeroAddress,
): Promise<Hash> {
  const hash = await walletClient.writeContract({
    address: contract,
    abi: dataLeaseAbi,
    functionName: 'withdraw',
    args: [token, amount],
    chain: walletClient.chain,
    account: walletClient.account,
  });
  return mined(publicClient, hash, 'withdraw');
}

/** The requester's withdrawable balance in `token` (default: native): deposit not in escrow, plus refunds. */
export async function depositBalance(
  { publicClient, contract }: Pick<RequesterClients, 'publicClient' | 'contract'>,
  requester: Address,
  token: Address = zeroAddress,
): Promise<bigint> {
  return publicClient.readContract({ address: contract, abi: dataLeaseAbi, functionName: 'balanceOf', args: [requester, token] });
}
