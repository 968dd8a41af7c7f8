import { parseEther, type Address } from 'viem';
import type { AnvilTestClient } from './clients.js';
import { mapChainError } from './errors.js';

export interface FundAccountOptions {
  /** Top up when the balance is below this (default 10 ETH). */
  minimum?: bigint;
  /** Balance to set (default 1000 ETH). */
  target?: bigint;
}

/**
 * Gives `address` play money on the embedded chain (anvil_setBalance) so the
 * wallet's own account can pay gas and deposits there. Local chain only: a
 * configured network has no such cheat code. Returns the balance afterwards.
 */
export async function fundAccount(testClient: AnvilTestClient, address: Address, options: FundAccountOptions = {}): Promise<bigint> {
  const minimum = options.minimum ?? parseEther('10');
  const target = options.target ?? parseEther('1000');
  try {
    const balance = await testClient.getBalance({ address });
    if (balance >= minimum) return balance;
    await testClient.setBalance({ address, value: target });
    return target;
  } catch (e) {
    throw mapChainError(e);
  }
}
