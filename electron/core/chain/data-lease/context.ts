import { BaseError, encodeFunctionData, getContractError, keccak256, type Address, type ContractFunctionArgs, type ContractFunctionName, type Hash, type TransactionReceipt } from 'viem';
import { dataLeaseAbi } from '../../../../contracts/artifacts/DataLease.js';
import type { ChainPublicClient, ChainWalletClient } from '../clients.js';
import { ChainTransactionError, TransactionUnconfirmedError, mapChainError } from '../errors.js';
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
  /** How long a write waits for its receipt before it is reported unconfirmed (ms; default 120 000). */
  receiptTimeoutMs?: number;
}

/** Callbacks around one write, so the caller can record it before it leaves the process. */
export interface SendHooks {
  /**
   * Called with the transaction hash after the transaction was signed and
   * before it is broadcast: store it, and a crash or timeout later can be
   * resolved by hash. If this throws, nothing is sent.
   */
  onSigned?: (hash: Hash) => void | Promise<void>;
}

type WriteName = ContractFunctionName<typeof dataLeaseAbi, 'nonpayable' | 'payable'>;

/**
 * Sends one DataLease transaction as the context's account and waits for its
 * receipt; errors mapped to WalletErrors. The transaction is prepared (gas
 * estimated: a revert surfaces here, before anything is sent) and signed in
 * process, its hash handed to `hooks.onSigned`, then broadcast. Anything that
 * goes wrong after signing (broadcast, receipt, timeout) is a
 * TransactionUnconfirmedError carrying the hash: the transaction may still
 * be mined. A mined revert is a ChainTransactionError (definite).
 */
export async function sendDataLeaseTransaction<N extends WriteName>(
  ctx: DataLeaseContext,
  functionName: N,
  args: ContractFunctionArgs<typeof dataLeaseAbi, 'nonpayable' | 'payable', N>,
  value?: bigint,
  hooks: SendHooks = {},
): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  const walletClient = ctx.walletClient;
  if (!walletClient) throw new ChainTransactionError('no account to sign with', { details: `${functionName} needs a wallet client` });
  let serialized: `0x${string}`;
  try {
    // The generic call is checked at each call site; viem's overloads cannot follow a generic name here.
    const data = encodeFunctionData({ abi: dataLeaseAbi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
    const prepared = await walletClient.prepareTransactionRequest({
      to: ctx.address,
      data,
      value,
      account: walletClient.account,
      chain: walletClient.chain,
    });
    // Headroom over the estimate: it is made against the pending block, and the state the transaction
    // meets when mined can cost more (e.g. a revoke estimated in its grant's second pays the owner 0 and
    // leaves a storage slot zero; mined a second later it writes that slot, 20 000 gas more).
    const gas = prepared.gas === undefined ? undefined : (prepared.gas * 13n) / 10n + 25_000n;
    serialized = await walletClient.signTransaction({ ...prepared, ...(gas !== undefined && { gas }) } as Parameters<typeof walletClient.signTransaction>[0]);
  } catch (e) {
    // A revert while estimating gas carries the contract's error data: decode it with the ABI.
    throw mapChainError(
      e instanceof BaseError ? getContractError(e, { abi: dataLeaseAbi, functionName, args: args as readonly unknown[], address: ctx.address }) : e,
    );
  }
  const hash = keccak256(serialized);
  await hooks.onSigned?.(hash);
  try {
    await walletClient.sendRawTransaction({ serializedTransaction: serialized });
  } catch (e) {
    const mapped = mapChainError(e);
    throw new TransactionUnconfirmedError(functionName, hash, { cause: mapped });
  }
  let receipt: TransactionReceipt;
  try {
    receipt = await waitForReceipt(ctx.publicClient, hash, { timeoutMs: ctx.receiptTimeoutMs });
  } catch (e) {
    throw new TransactionUnconfirmedError(functionName, hash, { cause: e });
  }
  if (receipt.status !== 'success') {
    throw new ChainTransactionError(`${functionName} reverted after it was sent`, { details: hash });
  }
  return { hash, receipt };
}

export { dataLeaseAbi };
