/**
 * The requester's view of a payment token: symbol and decimals read from the
 * token contract (cached per client and address), so CLI output can show
 * token amounts in the token's own units.
 */
import { erc20Abi, zeroAddress, type Address, type Chain, type PublicClient, type Transport } from 'viem';
import type { TokenUnits } from '../shared/lease/token-amount.js';

type AnyPublicClient = PublicClient<Transport, Chain | undefined>;

const cache = new WeakMap<object, Map<string, Promise<TokenUnits>>>();

/**
 * Symbol and decimals of `token` (the zero address: the chain's native
 * currency). A token that does not answer as an ERC-20 comes back as
 * `{ symbol: '?', decimals: 0 }`, so amounts still print, in base units.
 */
export function readTokenUnits(publicClient: AnyPublicClient, token: Address): Promise<TokenUnits> {
  let perClient = cache.get(publicClient);
  if (!perClient) cache.set(publicClient, (perClient = new Map()));
  const key = token.toLowerCase();
  let units = perClient.get(key);
  if (!units) {
    units = read(publicClient, token);
    perClient.set(key, units);
  }
  return units;
}

async function read(publicClient: AnyPublicClient, token: Address): Promise<TokenUnits> {
  if (token.toLowerCase() === zeroAddress) {
    const native = publicClient.chain?.nativeCurrency ?? { symbol: 'ETH', decimals: 18 };
    return { address: zeroAddress, symbol: native.symbol, decimals: native.decimals };
  }
  try {
    const [symbol, decimals] = await Promise.all([
      publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }),
      publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }),
    ]);
    const plain = /^[\x21-\x7e]{1,16}$/.test(symbol) ? symbol : '?';
    return { address: token, symbol: plain, decimals: decimals <= 36 ? decimals : 0 };
  } catch {
    return { address: token, symbol: '?', decimals: 0 };
  }
}
