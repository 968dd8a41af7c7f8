/**
 * What a payment token says about itself: symbol, decimals and name, read
 * from the token contract on the wallet's chain (never from a lease link),
 * cached per (chain id, address) for the life of the process. A token that
 * does not answer as an ERC-20 (no code, a reverting or malformed
 * `symbol()`/`decimals()`) is reported as such, and not cached, so a later
 * look-up can see it once it is deployed.
 */
import { erc20Abi, getAddress, zeroAddress, type Address } from 'viem';
import type { ChainPublicClient } from './clients.js';

export interface TokenMetadata {
  address: Address;
  /** False when the address does not answer as an ERC-20 token. */
  erc20: boolean;
  /** As the token returns it (bounded to 64 characters); '' when not an ERC-20. */
  symbol: string;
  /** 0–36; 0 when not an ERC-20. */
  decimals: number;
  name: string;
}

const MAX_TEXT = 64;
const MAX_DECIMALS = 36;
const cache = new Map<string, TokenMetadata>();

/** Metadata of ERC-20 `token` on the chain `publicClient` serves. Never throws for a bad token; RPC failures propagate. */
export async function readTokenMetadata(publicClient: ChainPublicClient, token: Address): Promise<TokenMetadata> {
  const address = getAddress(token);
  if (address === zeroAddress) throw new Error('readTokenMetadata: the zero address is the native currency, not a token');
  const key = `${publicClient.chain.id}:${address}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const notErc20: TokenMetadata = { address, erc20: false, symbol: '', decimals: 0, name: '' };
  const code = await publicClient.getCode({ address });
  if (!code || code === '0x') return notErc20;
  let symbol: unknown;
  let decimals: unknown;
  let name: unknown;
  try {
    [symbol, decimals] = await Promise.all([
      publicClient.readContract({ address, abi: erc20Abi, functionName: 'symbol' }),
      publicClient.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
    ]);
    name = await publicClient.readContract({ address, abi: erc20Abi, functionName: 'name' }).catch(() => '');
  } catch {
    return notErc20;
  }
  if (typeof symbol !== 'string' || symbol.length === 0 || typeof decimals !== 'number' || decimals > MAX_DECIMALS) return notErc20;
  const found: TokenMetadata = {
    address,
    erc20: true,
    symbol: symbol.slice(0, MAX_TEXT),
    decimals,
    name: typeof name === 'string' ? name.slice(0, MAX_TEXT) : '',
  };
  cache.set(key, found);
  return found;
}

/** The cached metadata, without asking the chain (undefined when not read yet in this process). */
export function cachedTokenMetadata(chainId: number, token: Address): TokenMetadata | undefined {
  return cache.get(`${chainId}:${getAddress(token)}`);
}
