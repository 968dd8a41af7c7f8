/**
 * The owner's earnings in the DataLease contract, per payment token, and
 * paying them out to the wallet account (pull payments: the contract's
 * `withdraw(token, amount)`). Tokens looked at: the native currency, every
 * token a stored request pays in, and the embedded chain's test stablecoin.
 */
import { getAddress, zeroAddress, type Address, type Hash } from 'viem';
import { readBalance, withdrawBalance } from '../../chain/data-lease/withdraw-balance.js';
import type { LeaseContext } from '../context.js';
import type { CurrencyFacts } from '../currency.js';
import * as store from '../store.js';
import { currencyOfToken, loadTokens } from '../token-units.js';
import { messageOf } from './lease-rows.js';

export interface TokenEarnings {
  /** The zero address for the native currency. */
  token: Address;
  currency: CurrencyFacts;
  /** Withdrawable, in the token's smallest unit. */
  amount: bigint;
}

export interface Withdrawal extends TokenEarnings {
  transactionHash: Hash;
}

/** The tokens this wallet may have earnings in (native first). */
export function paymentTokens(ctx: LeaseContext): Address[] {
  const tokens = new Map<string, Address>([[zeroAddress, zeroAddress]]);
  const rows = ctx.read((db) => store.listRequests(db));
  for (const r of rows) {
    if (r.chain_id !== ctx.chain.chainId || r.contract !== ctx.chain.contract) continue;
    const token = messageOf(r).token;
    tokens.set(token.toLowerCase(), getAddress(token));
  }
  const test = ctx.chain.testStablecoin;
  if (test) tokens.set(test.toLowerCase(), getAddress(test));
  return [...tokens.values()];
}

/**
 * The wallet account's withdrawable balance in each token: the native
 * currency always, other tokens when they hold something or a lease is paid in them.
 */
export async function listEarnings(ctx: LeaseContext): Promise<TokenEarnings[]> {
  const tokens = paymentTokens(ctx);
  await loadTokens(ctx, tokens);
  const out: TokenEarnings[] = [];
  for (const token of tokens) {
    const amount = await readBalance(ctx.chain.ctx, ctx.chain.account.address, token);
    out.push({ token, currency: currencyOfToken(ctx, token), amount });
  }
  return out;
}

/**
 * Pays the account's whole balance in `token` (default: every token with a
 * balance, one transaction each) out to the wallet account. Runs in the
 * service's chain-write queue; each withdrawal is audited. Returns what was
 * paid out (nothing when there was nothing to withdraw).
 */
export async function withdrawEarnings(ctx: LeaseContext, token?: Address): Promise<Withdrawal[]> {
  const tokens = token === undefined ? paymentTokens(ctx) : [getAddress(token)];
  await loadTokens(ctx, tokens);
  const done: Withdrawal[] = [];
  for (const t of tokens) {
    const paid = await ctx.serial(async () => {
      const amount = await readBalance(ctx.chain.ctx, ctx.chain.account.address, t);
      if (amount === 0n) return null;
      const transactionHash = await withdrawBalance(ctx.chain.ctx, amount, t);
      return { amount, transactionHash };
    });
    if (!paid) continue;
    ctx.write(() =>
      ctx.log({
        type: 'earnings.withdrawn',
        data: { token: t, amount: paid.amount.toString(), txHash: paid.transactionHash, account: ctx.chain.account.address },
      }),
    );
    done.push({ token: t, currency: currencyOfToken(ctx, t), ...paid });
  }
  return done;
}
