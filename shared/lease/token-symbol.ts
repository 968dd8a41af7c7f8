/**
 * When a payment token's symbol should make the owner look twice. The symbol
 * comes from the token contract, which anyone can deploy with any symbol: a
 * token calling itself "USDC" at an address that is not USDC's on this chain,
 * or "USDС" with a Cyrillic С, or the chain's own currency symbol, is how a
 * worthless token would pose as money. Compared by UTS #39 skeleton (see
 * display-text.ts), ignoring case.
 */
import type { Address } from 'viem';
import { displayTextProblem, skeleton } from './display-text.js';

/**
 * Well-known tokens and their official addresses on a few chains. A small
 * table on purpose (judgement, not a registry): a well-known symbol at an
 * address not listed here is flagged, on every chain.
 */
export const WELL_KNOWN_TOKENS: Readonly<Record<string, Readonly<Record<number, Address>>>> = {
  USDC: {
    1: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
    10: '0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85',
    137: '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359',
    8453: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
    42161: '0xaf88d065e77c8cC2239327C5EDb3A432268e5831',
  },
  USDT: { 1: '0xdAC17F958D2ee523a2206206994597C13D831ec7' },
  DAI: { 1: '0x6B175474E89094C44Da98b954EedeAC495271d0F' },
  WETH: { 1: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2' },
  WBTC: { 1: '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599' },
  EURC: { 1: '0x1aBaEA1f7C830bD89Acc67eC4af516284b1bC33c' },
  PYUSD: { 1: '0x6c3ea9036406852006290770BEdFcAbA0e23A0e8' },
  USDE: {},
  BUSD: {},
  TUSD: {},
  USDP: {},
  FRAX: {},
  GUSD: {},
  LUSD: {},
  ETH: {},
  BTC: {},
};

export type TokenSymbolProblem =
  | { kind: 'unreadable'; message: string }
  | { kind: 'confusable'; like: string; message: string };

function symbolKey(symbol: string): string {
  return skeleton(skeleton(symbol).toUpperCase()).toUpperCase().replace(/[\s\p{P}]+/gu, '');
}

/**
 * Why the symbol `symbol` of the token at `address` on chain `chainId` is
 * suspicious, or null. `nativeSymbol` is the chain's own currency (a token
 * must not pose as it).
 */
export function tokenSymbolProblem(symbol: string, address: Address, chainId: number, nativeSymbol: string): TokenSymbolProblem | null {
  const key = symbolKey(symbol);
  const plain = displayTextProblem(symbol) === null && /^[\x21-\x7e]{1,16}$/.test(symbol);
  if (key === symbolKey(nativeSymbol)) {
    return {
      kind: 'confusable',
      like: nativeSymbol,
      message: `This token's symbol looks like ${nativeSymbol}, this network's own currency, but it is a separate token contract.`,
    };
  }
  for (const [known, addresses] of Object.entries(WELL_KNOWN_TOKENS)) {
    if (key !== symbolKey(known)) continue;
    const official = addresses[chainId];
    if (official && official.toLowerCase() === address.toLowerCase() && symbol === known) return null;
    return {
      kind: 'confusable',
      like: known,
      message: official
        ? `This token's symbol looks like ${known}, but it is not ${known} on this network (${known} is ${official}).`
        : `This token's symbol looks like the well-known ${known}, but Data Wallet does not know it as ${known} on this network.`,
    };
  }
  if (!plain) {
    return { kind: 'unreadable', message: 'The token symbol uses characters other than plain letters, digits and punctuation (or is too long), which can disguise it.' };
  }
  return null;
}

/** The symbol as the wallet shows it: itself when plain ASCII (up to 16 characters), else a neutral placeholder. */
export function displayTokenSymbol(symbol: string): string {
  return displayTextProblem(symbol) === null && /^[\x21-\x7e]{1,16}$/.test(symbol) ? symbol : 'token units';
}
