import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionReceiptNotFoundError, type Hash, type TransactionReceipt } from 'viem';
import type { ChainPublicClient } from './clients.js';
import { mapChainError } from './errors.js';

/**
 * Delays (ms) between direct receipt lookups before falling back to block
 * watching. The embedded chain mines each transaction as it arrives, but
 * Anvil answers eth_sendRawTransaction just before the block is sealed, so
 * the first lookup sometimes misses by a millisecond; viem's polling would
 * then add a whole polling interval (50 ms) to the grant round trip.
 */
const QUICK_LOOKUP_DELAYS_MS = [0, 1, 2, 4, 8, 16, 32];

/**
 * The receipt of `hash`: a few quick direct lookups (see above), then viem's
 * waitForTransactionReceipt (block watching, for real networks).
 */
export async function waitForReceipt(
  publicClient: ChainPublicClient,
  hash: Hash,
  options: { timeoutMs?: number } = {},
): Promise<TransactionReceipt> {
  for (const delay of QUICK_LOOKUP_DELAYS_MS) {
    if (delay > 0) await sleep(delay);
    try {
      return await publicClient.getTransactionReceipt({ hash });
    } catch (e) {
      if (!(e instanceof TransactionReceiptNotFoundError)) throw mapChainError(e);
    }
  }
  try {
    return await publicClient.waitForTransactionReceipt({ hash, timeout: options.timeoutMs ?? 120_000 });
  } catch (e) {
    throw mapChainError(e);
  }
}
