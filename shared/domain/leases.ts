/**
 * What the lease part of the API returns. Contract values keep the
 * contract's units and travel as decimal strings (`terms.dataFrom`,
 * `terms.dataTo`, `deadline`: unix seconds; `duration`: seconds; `price`,
 * `ownerPaid`, `refunded`: the payment token's smallest unit, wei for native); wallet times are unix ms numbers. Amounts
 * carry no unit of their own: `currency` says how to show them (the wallet's
 * network's native currency, or the lease's ERC-20 payment token with the
 * symbol and decimals its contract reports; never what a request says).
 */
import { z } from 'zod';
import { decimalString, unixMs } from '../api/define.js';
import { AddressString, Hash32 } from './json.js';

/** The currency prices are shown in: `symbol` and how many `decimals` its smallest unit has (18 for wei). */
export const Currency = z.object({
  symbol: z.string(),
  decimals: z.number().int().nonnegative(),
  /** The ERC-20 token amounts are in (symbol and decimals read from its contract); absent for the native currency. */
  token: AddressString.optional(),
  /** The embedded chain's test stablecoin: not real money. */
  testToken: z.boolean().optional(),
});
export type Currency = z.infer<typeof Currency>;

/** A request's terms in display form. */
export const RequestTerms = z.object({
  datasets: z.array(z.string()),
  /** Unix seconds (decimal string), inclusive. */
  dataFrom: decimalString,
  /** Unix seconds (decimal string), inclusive. */
  dataTo: decimalString,
  /** Seconds (decimal string). */
  duration: decimalString,
  /** Wei (decimal string); '' when a granted lease's price is not recorded. */
  price: z.union([decimalString, z.literal('')]),
});
export type RequestTerms = z.infer<typeof RequestTerms>;

export const RequestStatus = z.enum(['new', 'pending', 'approving', 'approved', 'declined']);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** A lease request after its link was decoded and verified. */
export const InspectedRequest = z.object({
  /** EIP-712 digest: the request's id in the wallet. */
  id: Hash32,
  chainId: z.number().int().positive(),
  contract: AddressString,
  /** Verified signer. */
  requester: AddressString,
  /** The name the requester gives itself (unverified). */
  requesterName: z.string(),
  /** The owner's own name for this requester, if any. */
  label: z.string().nullable(),
  /** The owner labelled this requester or granted it a lease before. */
  known: z.boolean(),
  /** W3C DPV purpose term as sent. */
  purpose: z.string(),
  /** Its label, or null for a term this wallet does not know. */
  purposeLabel: z.string().nullable(),
  description: z.string(),
  taskUrl: z.string(),
  maxEpsilonMilli: z.number().int().nonnegative(),
  nonce: decimalString,
  /** Unix seconds (decimal string). */
  deadline: decimalString,
  terms: RequestTerms,
  /** How many of the owner's records the requested scope covers (datasets × time range), counted by the wallet's vault. */
  recordsInScope: z.number().int().nonnegative(),
  status: RequestStatus,
  receivedAt: unixMs.nullable(),
  /** The currency prices are in: the network's native one, or the payment token's own units read from its contract (never from the request). */
  currency: Currency,
  /** What the wallet found that the owner should weigh, e.g. a name that looks like a labelled requester's, or a payment token posing as a well-known one. */
  warnings: z.array(
    z.discriminatedUnion('code', [
      z.object({ code: z.literal('name-looks-like-label'), label: z.string(), labelledAddress: AddressString, message: z.string() }),
      /** The request names profile facts (`profile.*`), which identify a person far more than other data. */
      z.object({ code: z.literal('profile-facts-requested'), datasets: z.array(z.string()), message: z.string() }),
      z.object({
        code: z.enum(['token-not-erc20', 'token-symbol-confusable', 'token-symbol-unreadable', 'token-test-only']),
        token: AddressString,
        message: z.string(),
      }),
    ]),
  ),
});
export type InspectedRequest = z.infer<typeof InspectedRequest>;

/**
 * A lease's status in the wallet. `unconfirmed` and `revoking` are the
 * in-flight states of the grant and revoke transactions.
 */
export const LeaseStatus = z.enum(['pending', 'unconfirmed', 'active', 'revoking', 'expired', 'revoked', 'settled', 'missing']);
export type LeaseStatus = z.infer<typeof LeaseStatus>;

export const OnChainStatus = z.enum(['active', 'expired', 'revoked', 'settled', 'none']);

export const LeaseView = z.object({
  /** The request id (EIP-712 digest); stable even when the on-chain id is not known yet. */
  id: Hash32,
  /** On-chain lease id (decimal string), null while pending or missing. */
  leaseId: decimalString.nullable(),
  status: LeaseStatus,
  /** What the chain says, when it was asked. */
  chainStatus: OnChainStatus.optional(),
  requester: AddressString,
  requesterName: z.string(),
  label: z.string().nullable(),
  purpose: z.string(),
  purposeLabel: z.string().nullable(),
  /** Granted terms (requested terms for a pending request). */
  terms: RequestTerms,
  requested: RequestTerms,
  startsAt: unixMs.nullable(),
  expiresAt: unixMs.nullable(),
  grantTx: Hash32.nullable(),
  revokeTx: Hash32.nullable(),
  settleTx: Hash32.nullable(),
  /** Wei (decimal string). */
  ownerPaid: decimalString.nullable(),
  refunded: decimalString.nullable(),
  note: z.string().nullable(),
  /** A pending request past its deadline: it can no longer be approved. */
  deadlinePassed: z.boolean(),
  /** The currency `terms.price`, `ownerPaid` and `refunded` are in: the network's native one, or the lease's payment token. */
  currency: Currency,
  /** Set by approve: warnings about the narrowed terms (e.g. a price rounded down to 0). */
  warnings: z.array(z.string()).optional(),
});
export type LeaseView = z.infer<typeof LeaseView>;

/** What comparing the wallet's records with the chain found. */
export const ReconcileReport = z.object({
  /** Lease ids whose grant was sent but not recorded, found on the chain. */
  found: z.array(decimalString),
  /** Leases granted again because the chain had lost them or never mined them. */
  resubmitted: z.array(z.object({ id: Hash32, leaseId: decimalString })),
  /** Lease ids brought up to date with the chain. */
  updated: z.array(decimalString),
  /** What could not be restored, with the reason. */
  missing: z.array(z.object({ id: Hash32, leaseId: decimalString.nullable(), reason: z.string() })),
  /** Grant or revoke transactions still waiting to be mined; looked up again on the next reconcile. */
  unconfirmed: z.array(z.object({ id: Hash32, txHash: Hash32.nullable(), reason: z.string() })),
});
export type ReconcileReport = z.infer<typeof ReconcileReport>;

export const RequesterView = z.object({
  address: AddressString,
  label: z.string().nullable(),
  blocked: z.boolean(),
});
export type RequesterView = z.infer<typeof RequesterView>;

/** Narrowing chosen at approval: only ever inside what was requested. Contract units, decimal strings. */
export const NarrowingInput = z.strictObject({
  /** Seconds. */
  duration: decimalString.optional(),
  /** A subset of the requested datasets. */
  datasets: z.array(z.string().min(1).max(200)).min(1).max(64).optional(),
  /** Unix seconds, inclusive. */
  dataFrom: decimalString.optional(),
  /** Unix seconds, inclusive. */
  dataTo: decimalString.optional(),
  /** A lower privacy budget (ε × 1000) than requested: becomes the lease's own ε cap. */
  maxEpsilonMilli: z.number().int().min(0).max(4_294_967_295).optional(),
});
export type NarrowingInput = z.infer<typeof NarrowingInput>;

/** What approving with a narrowing would grant, computed without granting anything. */
export const ApprovalPreview = z.object({
  /** The narrowed terms; `terms.price` is the price for the narrowed duration (wei, decimal string). */
  terms: RequestTerms,
  /** How many of the owner's records the narrowed scope covers, counted by the wallet's vault. */
  recordsInScope: z.number().int().nonnegative(),
  currency: Currency,
  /** What the owner should know first, e.g. that the narrowed duration rounds the price down to 0. */
  warnings: z.array(z.string()),
  /** The privacy budget against the owner's limit per lease (absent from older wallets). */
  privacy: z
    .object({ requestedMilli: z.number().int(), grantedMilli: z.number().int(), limitMilli: z.number().int().nullable(), aboveLimit: z.boolean() })
    .optional(),
});
export type ApprovalPreview = z.infer<typeof ApprovalPreview>;
