/** What the chain part of the API takes and returns. */
import { z } from 'zod';
import { decimalString, unixMs } from '../api/define.js';
import { AddressString, Hash32 } from './json.js';
import { Currency } from './leases.js';

/** The network leases are granted on: the embedded chain, or a JSON-RPC endpoint with a DataLease contract. */
export const NetworkInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded') }),
  z.strictObject({
    kind: z.literal('rpc'),
    /** http(s):// or ws(s):// JSON-RPC endpoint. */
    rpcUrl: z.string().min(1).max(2000),
    chainId: z.number({ error: 'must be a whole number from 1 to 9007199254740991' }).int().min(1).max(Number.MAX_SAFE_INTEGER),
    contract: AddressString,
  }),
]);
export type NetworkInput = z.infer<typeof NetworkInput>;

/** Withdrawable earnings in one payment token. */
export const TokenEarnings = z.object({
  /** The token; the zero address for the network's native currency. */
  token: AddressString,
  /** Symbol and decimals: the native currency's, or as the token contract reports them. */
  symbol: z.string(),
  decimals: z.number().int().nonnegative(),
  /** In the token's smallest unit (decimal string). */
  amount: decimalString,
  /** The embedded chain's test stablecoin: not real money. */
  testToken: z.boolean().optional(),
});
export type TokenEarnings = z.infer<typeof TokenEarnings>;

/** What a withdrawal paid out to the wallet account: one transaction per token. */
export const WithdrawResult = z.object({
  withdrawn: z.array(TokenEarnings.extend({ transactionHash: Hash32 })),
});
export type WithdrawResult = z.infer<typeof WithdrawResult>;

export const ChainStatus = z.object({
  network: z.enum(['embedded', 'rpc']),
  chainId: z.number().int().positive(),
  contract: AddressString,
  /** The wallet's own account (owner of its leases). */
  account: AddressString,
  blockNumber: decimalString,
  blockTime: unixMs,
  /** Wei (decimal string) the account holds for gas. */
  accountBalance: decimalString,
  /** Wei (decimal string) withdrawable from the contract in the native currency. */
  earnings: decimalString,
  /** Withdrawable earnings per payment token: the native currency first, then every token a lease is paid in (and the embedded chain's test stablecoin). */
  earningsByToken: z.array(TokenEarnings),
  /** The network's native currency: what `accountBalance` and `earnings` are in. */
  currency: Currency,
  /** Count of leases per status. */
  leases: z.record(z.string(), z.number().int().nonnegative()),
  /** Embedded chain only: its folder. */
  folder: z.string().optional(),
  /** Embedded chain only: the contract address that was lost with the chain state, if any. */
  lostContract: AddressString.nullable().optional(),
});
export type ChainStatus = z.infer<typeof ChainStatus>;

export const ChainInUse = z.object({
  network: z.enum(['embedded', 'rpc']),
  chainId: z.number().int().positive(),
  contract: AddressString,
  account: AddressString,
});
export type ChainInUse = z.infer<typeof ChainInUse>;

export const Deployment = z.object({
  contract: AddressString,
  chainId: z.number().int().positive(),
  transactionHash: Hash32,
  blockNumber: decimalString,
  deployer: AddressString,
});
export type Deployment = z.infer<typeof Deployment>;
