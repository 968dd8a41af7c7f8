import { TransactionReceiptNotFoundError, type Hash, type TransactionReceipt } from 'viem';
import type { ChainPublicClient } from './clients.js';
import { mapChainError } from './errors.js';

/**
 * The receipt of `hash`. The embedded chain mines each transaction as it
 * arrives, so the receipt usually exists already: ask once directly, and only
 * then fall back to viem's waitForTransactionReceipt (block watching, for
 * real networks).
 */
export async function waitForReceipt(
  publicClient: ChainPublicClient,
  hash: Hash,
  options: { timeoutMs?: number } = {},
): Promise<TransactionReceipt> {
  try {
    return await publicClient.getTransactionReceipt({ hash });
  } catch (e) {
    if (!(e instanceof TransactionReceiptNotFoundError)) throw mapChainError(e);
  }
  try {
    return await publicClient.waitForTransactionReceipt({ hash, timeout: options.timeoutMs ?? 120_000 });
  } catch (e) {
    throw mapChainError(e);
  }
}
