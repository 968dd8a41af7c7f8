/**
 * The unit a lease's price is in: the wallet network's native currency for
 * requests with the zero token, else the ERC-20 token's own symbol and
 * decimals as the token contract on the wallet's chain reports them (never as
 * the link says), with what the owner should know about the token: that it
 * does not answer as an ERC-20, that its symbol poses as a well-known one, or
 * that it is the embedded chain's test stablecoin (not real money).
 *
 * Reading needs the chain (async: `loadTokens`); views are built
 * synchronously from what was read (`currencyOfToken`), so every async entry
 * point loads the tokens it is about to show first.
 */
import { getAddress, type Address } from 'viem';
import { displayTokenSymbol, tokenSymbolProblem } from '../../../shared/lease/token-symbol.js';
import { isNativeToken } from '../../../shared/lease/token-amount.js';
import { cachedTokenMetadata, readTokenMetadata } from '../chain/token-metadata.js';
import type { LeaseContext } from './context.js';
import type { CurrencyFacts } from './currency.js';
import type { RequestWarning } from './types.js';

/** Shown for a token the wallet could not read as an ERC-20: amounts in its smallest unit. */
const UNKNOWN_UNITS = 'token units';

/** Reads (and caches) the metadata of every ERC-20 among `tokens`. */
export async function loadTokens(ctx: LeaseContext, tokens: Iterable<Address>): Promise<void> {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (isNativeToken(token) || seen.has(token.toLowerCase())) continue;
    seen.add(token.toLowerCase());
    await readTokenMetadata(ctx.chain.ctx.publicClient, token);
  }
}

function isTestStablecoin(ctx: LeaseContext, token: Address): boolean {
  const test = ctx.chain.testStablecoin;
  return Boolean(test && test.toLowerCase() === token.toLowerCase());
}

/** The currency amounts of a lease paid in `token` are shown in (load the token first). */
export function currencyOfToken(ctx: LeaseContext, token: Address): CurrencyFacts {
  if (isNativeToken(token)) return ctx.currency;
  const address = getAddress(token);
  const meta = cachedTokenMetadata(ctx.chain.chainId, address);
  if (!meta?.erc20) return { symbol: UNKNOWN_UNITS, decimals: 0, token: address };
  return {
    symbol: displayTokenSymbol(meta.symbol),
    decimals: meta.decimals,
    token: address,
    ...(isTestStablecoin(ctx, address) && { testToken: true }),
  };
}

/** What the owner should know about paying in `token` (load the token first); [] for the native currency. */
export function tokenWarnings(ctx: LeaseContext, token: Address): RequestWarning[] {
  if (isNativeToken(token)) return [];
  const address = getAddress(token);
  const meta = cachedTokenMetadata(ctx.chain.chainId, address);
  if (!meta?.erc20) {
    return [
      {
        code: 'token-not-erc20',
        token: address,
        message: `The payment token ${address} does not answer as an ERC-20 token on this network: the price cannot be shown in its units, and the lease may never be paid.`,
      },
    ];
  }
  if (isTestStablecoin(ctx, address)) {
    return [
      {
        code: 'token-test-only',
        token: address,
        message: `Paid in ${meta.symbol}, the embedded chain's Test Stablecoin: it is NOT real money and is worth nothing.`,
      },
    ];
  }
  const problem = tokenSymbolProblem(meta.symbol, address, ctx.chain.chainId, ctx.currency.symbol);
  if (!problem) return [];
  return [
    {
      code: problem.kind === 'confusable' ? 'token-symbol-confusable' : 'token-symbol-unreadable',
      token: address,
      message: `${problem.message} Payment token: ${address}.`,
    },
  ];
}
