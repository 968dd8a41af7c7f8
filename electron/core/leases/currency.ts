/**
 * The currency a chain's prices are in, for display: the configured
 * network's own native currency for well-known chains (e.g. POL on Polygon,
 * xDAI on Gnosis), else the one configured, else ether. Never taken from a
 * request. A small table on purpose: viem's full chain list costs every CLI
 * start about two seconds to load.
 */

export interface CurrencyFacts {
  symbol: string;
  decimals: number;
  /** The ERC-20 token amounts are in; absent for the network's native currency. */
  token?: `0x${string}`;
  /** The embedded chain's test stablecoin: not real money. */
  testToken?: boolean;
}

const ETHER: CurrencyFacts = { symbol: 'ETH', decimals: 18 };

const KNOWN: ReadonlyMap<number, string> = new Map([
  [1, 'ETH'], [10, 'ETH'], [25, 'CRO'], [56, 'BNB'], [97, 'tBNB'], [100, 'XDAI'], [137, 'POL'], [250, 'FTM'], [324, 'ETH'],
  [1284, 'GLMR'], [8453, 'ETH'], [42161, 'ETH'], [42220, 'CELO'], [43113, 'AVAX'], [43114, 'AVAX'], [59144, 'ETH'], [80002, 'POL'],
  [84532, 'ETH'], [421614, 'ETH'], [534352, 'ETH'], [11155111, 'ETH'], [11155420, 'ETH'],
]); // prettier-ignore

export function nativeCurrencyOf(chainId: number, configured?: CurrencyFacts): CurrencyFacts {
  if (configured) return configured;
  const symbol = KNOWN.get(chainId);
  return symbol ? { symbol, decimals: 18 } : ETHER;
}

/** `amount` (smallest units) as a decimal string in `currency`, e.g. "0.001 ETH". */
export function formatAmount(amount: bigint, currency: CurrencyFacts): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const base = 10n ** BigInt(currency.decimals);
  const whole = abs / base;
  const frac = (abs % base).toString().padStart(currency.decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''} ${currency.symbol}`;
}
