/**
 * The lease service's types: what it needs (the chain, the options) and what
 * it returns (views, reports). Front ends see the same shapes as the zod
 * schemas in shared/domain/leases.ts (a test checks they fit).
 */
import type { Address, Hash, Hex } from 'viem';
import type { AuditSink } from '../audit/types.js';
import type { DataLeaseContext } from '../chain/data-lease/context.js';
import type { GrantLeaseReturnType } from '../chain/data-lease/grant-lease.js';
import type { OnChainLeaseStatus } from '../chain/data-lease/read-lease.js';
import type { WalletError } from '../errors.js';
import type { Vault } from '../vault/index.js';
import type { CurrencyFacts } from './currency.js';
import type { RequestStatus } from './store.js';

/** The part of the wallet's chain the service needs (see openWalletChain). */
export interface LeaseChain {
  chainId: number;
  contract: Address;
  /** Signs as the wallet's own account. */
  ctx: DataLeaseContext;
  account: { address: Address };
  /** The embedded chain's "Test Stablecoin (not real money)"; null or absent on a configured network. */
  testStablecoin?: Address | null;
}

export interface LeaseServiceHooks {
  /** Called after the approval was stored and before the grant transaction is sent (crash tests). */
  beforeGrantSent?: () => void | Promise<void>;
  /** Called after the grant transaction was mined and before its result is stored (crash tests). */
  afterGrantSent?: (granted: GrantLeaseReturnType) => void | Promise<void>;
}

export interface LeaseServiceOptions {
  vault: Vault;
  chain: LeaseChain;
  audit: AuditSink;
  /** Unix milliseconds; default Date.now. */
  now?: () => number;
  hooks?: LeaseServiceHooks;
  /**
   * A test or demo setting: accept task URLs on this computer or a private
   * network (and plain http to loopback). Off by default.
   */
  allowLocalTaskUrls?: boolean;
  /** The configured network's currency, when viem does not know the chain (display only). */
  currency?: CurrencyFacts;
}

/** Something the owner should know before deciding, found by the wallet (not said by the requester). */
export type RequestWarning =
  | {
      code: 'name-looks-like-label';
      /** The owner's label the name resembles, and the address it belongs to (not this request's requester). */
      label: string;
      labelledAddress: Address;
      message: string;
    }
  | {
      /** The request asks for profile facts (`profile.*`: date of birth, sex, blood type, …), which identify a person. */
      code: 'profile-facts-requested';
      datasets: string[];
      message: string;
    }
  | {
      /** About the payment token: not an ERC-20, a symbol posing as a well-known one, or the test stablecoin. */
      code: 'token-not-erc20' | 'token-symbol-confusable' | 'token-symbol-unreadable' | 'token-test-only';
      token: Address;
      message: string;
    };

export type RequestStatusView = 'new' | RequestStatus;

/** A request's terms in display form: integers as decimal strings, times in unix seconds. */
export interface RequestTerms {
  datasets: string[];
  dataFrom: string;
  dataTo: string;
  duration: string;
  price: string;
}

export interface InspectedRequest {
  /** EIP-712 digest: the request's id in the wallet. */
  id: Hex;
  chainId: number;
  contract: Address;
  /** Verified signer. */
  requester: Address;
  requesterName: string;
  /** The owner's own name for this requester, if any. */
  label: string | null;
  /** True when the owner labelled this requester or granted it a lease before. */
  known: boolean;
  /** W3C DPV purpose term as sent, e.g. `dpv:ResearchAndDevelopment`. */
  purpose: string;
  /** Its human label ("Research and Development"), or null for a term this wallet does not know. */
  purposeLabel: string | null;
  description: string;
  taskUrl: string;
  maxEpsilonMilli: number;
  nonce: string;
  /** Unix seconds. */
  deadline: string;
  terms: RequestTerms;
  /** How many of the owner's records the requested scope covers (datasets × time range), counted by the vault. */
  recordsInScope: number;
  status: RequestStatusView;
  receivedAt: number | null;
  /** The currency prices are in: the network's native one, or the payment token's units as its contract reports them (never the request's say). */
  currency: CurrencyFacts;
  /** What the wallet found that the owner should weigh (e.g. a name that looks like a labelled requester's). */
  warnings: RequestWarning[];
}

/**
 * pending: requested, or approved with the grant not sent yet; unconfirmed: the grant was sent and
 * the chain has not confirmed it (no access yet); revoking: a revoke is being sent (access denied).
 */
export type LeaseStatus = 'pending' | 'unconfirmed' | 'active' | 'revoking' | 'expired' | 'revoked' | 'settled' | 'missing';

export interface LeaseView {
  /** The request id (EIP-712 digest); stable even when the on-chain id is not known yet. */
  id: Hex;
  /** On-chain lease id (decimal), null while pending or missing. */
  leaseId: string | null;
  status: LeaseStatus;
  /** What the chain says, when it was asked (list with chain: true). */
  chainStatus?: OnChainLeaseStatus | 'none';
  requester: Address;
  requesterName: string;
  label: string | null;
  purpose: string;
  purposeLabel: string | null;
  /** Granted terms (requested terms for a pending request). */
  terms: RequestTerms;
  requested: RequestTerms;
  /** Unix ms. */
  startsAt: number | null;
  expiresAt: number | null;
  grantTx: Hash | null;
  revokeTx: Hash | null;
  settleTx: Hash | null;
  ownerPaid: string | null;
  refunded: string | null;
  note: string | null;
  /** A pending request whose deadline has passed: it can no longer be approved (decline it to clear it). */
  deadlinePassed: boolean;
  /** The currency the price and amounts are in: the network's native one, or the lease's payment token. */
  currency: CurrencyFacts;
  /** Set by approve: warnings about the narrowed terms (e.g. a price rounded down to 0). */
  warnings?: string[];
}

export interface ActiveLeaseGrant {
  leaseId: string;
  id: Hex;
  requester: Address;
  datasets: string[];
  /** Unix seconds, inclusive. */
  dataFrom: bigint;
  dataTo: bigint;
  /** Unix ms. */
  expiresAt: number;
}

export interface TickResult {
  expired: string[];
  settled: string[];
  failed: { leaseId: string; error: WalletError }[];
}

export interface ReconcileReport {
  /** Leases whose grant was sent but not recorded, found on the chain. */
  found: string[];
  /** Leases (ids after re-submission) granted again because the chain had lost them or never mined them. */
  resubmitted: { id: Hex; leaseId: string }[];
  /** Local records brought up to date with the chain (revoked/settled/expired). */
  updated: string[];
  /** What could not be restored, with the reason. */
  missing: { id: Hex; leaseId: string | null; reason: string }[];
  /** Transactions still waiting to be mined (grants or revokes); looked up again on the next reconcile. */
  unconfirmed: { id: Hex; txHash: Hash | null; reason: string }[];
}

export interface RequesterView {
  address: Address;
  label: string | null;
  blocked: boolean;
}
