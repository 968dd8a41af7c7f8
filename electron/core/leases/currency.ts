/**
 * The currency a chain's prices are in, for display: the configured network's
 * own native currency when viem knows the chain (e.g. POL on Polygon, xDAI on
 * Gnosis), else the setting's, else ether. Never taken from a request.
 */
import type { Chain } from 'viem';
import * as chains from 'viem/chains';

export interface CurrencyFacts {
  symbol: string;
  decimals: number;
}

const ETHER: CurrencyFacts = { symbol: 'ETH', decimals: 18 };

let byId: Map<number, CurrencyFacts> | null = null;

export function nativeCurrencyOf(chainId: number, configured?: CurrencyFacts): CurrencyFacts {
  if (configured) return configured;
  byId ??= new Map(
    (Object.values(chains) as unknown[])
      .filter((c): c is Chain => typeof c === 'object' && c !== null && 'id' in c && 'nativeCurrency' in c)
      .map((c) => [c.id, { symbol: c.nativeCurrency.symbol, decimals: c.nativeCurrency.decimals }]),
  );
  return byId.get(chainId) ?? ETHER;
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
