/**
 * Amounts in a payment token's own units. Prices travel on-chain and in
 * links as integers in the token's smallest unit (wei for the native
 * currency; 10^-6 for a 6-decimal stablecoin); people read them with the
 * token's decimals and symbol, which the wallet reads from the token
 * contract, never from a link.
 */
import { zeroAddress, type Address } from 'viem';

/** What the wallet knows about a payment token to show its amounts. */
export interface TokenUnits {
  /** The token contract; the zero address for the chain's native currency. */
  address: Address;
  symbol: string;
  decimals: number;
}

export function isNativeToken(token: Address): boolean {
  return token.toLowerCase() === zeroAddress;
}

/** `amount` (smallest unit) as a decimal string with `decimals` places, trailing zeros dropped: 2000n, 6 → "0.002". */
export function formatUnitsExact(amount: bigint, decimals: number): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  if (decimals === 0) return `${negative ? '-' : ''}${abs}`;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** "0.002 TSTC": the amount in the token's units with its symbol. */
export function formatTokenAmount(amount: bigint, units: Pick<TokenUnits, 'symbol' | 'decimals'>): string {
  return `${formatUnitsExact(amount, units.decimals)} ${units.symbol}`;
}
