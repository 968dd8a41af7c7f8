/**
 * The lease service: from a requester's deep link to a granted, expiring,
 * revocable, settled lease, with every step in the audit log.
 *
 *   link ──inspect──► verified terms (nothing stored)
 *        ──receive──► pending request (encrypted, in the vault)
 *   pending ──approve(narrowing?)──► grant tx ──► active lease
 *           ──decline──────────────► declined (final)
 *   active ──revoke──► revoked (pro-rata paid)   active ──tick at expiry──► expired ──settle──► settled
 *
 * Local records are written before and after every transaction, so a crash
 * in between leaves a trace that `reconcile()` resolves against the chain.
 * The clock is injected (`now`, unix ms) so tests move it with the chain.
 */
import type { Narrowing } from './narrowing.js';
import type { CurrencyFacts } from './currency.js';
import { createLeaseContext, type LeaseContext } from './context.js';
import { requireActiveLease } from './actions/access-guard.js';
import { requestedEpsilonMilli } from './actions/privacy-limit.js';
import { approve, decline, previewApproval } from './actions/decide.js';
import { startScheduler, stopScheduler, tick } from './actions/expiry-scheduler.js';
import { inspect, receive } from './actions/intake.js';
import { consentReceipt } from './actions/receipts.js';
import { reconcile } from './actions/reconcile.js';
import { blockRequester, labelRequester, listRequesters, unblockRequester } from './actions/requester-directory.js';
import { revoke } from './actions/revoke.js';
import { getLease, listLeases, showLease } from './actions/views.js';
import { listEarnings, withdrawEarnings, type TokenEarnings, type Withdrawal } from './actions/earnings.js';
import type {
  ActiveLeaseGrant,
  InspectedRequest,
  LeaseChain,
  LeaseServiceOptions,
  LeaseView,
  ReconcileReport,
  RequestTerms,
  RequesterView,
  TickResult,
} from './types.js';

export type * from './types.js';

/**
 * The facade over the lease use cases in ./actions (one per file): the same
 * methods the service always had, each a call of its action with the
 * service's context.
 */
export class LeaseService {
  readonly chain: LeaseChain;
  /** The currency prices are shown in. */
  readonly currency: CurrencyFacts;
  readonly #ctx: LeaseContext;

  constructor(options: LeaseServiceOptions) {
    this.chain = options.chain;
    this.#ctx = createLeaseContext(options);
    this.currency = this.#ctx.currency;
  }

  /**
   * Runs another chain write of the wallet's account in this service's queue,
   * so every transaction it sends (grants, revokes, settlements, delivery
   * records) goes out one at a time and nonces never clash.
   */
  serialChainWrite<T>(fn: () => Promise<T>): Promise<T> {
    return this.#ctx.serial(fn);
  }

  /** Decodes and checks a link without storing anything (LeaseRequestRefusedError with a distinct reason). */
  inspect(link: string): Promise<InspectedRequest> {
    return inspect(this.#ctx, link);
  }

  /** Verifies a link and stores it as a pending request (once). */
  receive(link: string): Promise<InspectedRequest> {
    return receive(this.#ctx, link);
  }

  /** Grants a pending request (id or link), optionally narrowed. */
  approve(ref: string, narrowing: Narrowing = {}): Promise<LeaseView> {
    return approve(this.#ctx, ref, narrowing);
  }

  /** The terms an approval would grant, with its warnings; nothing is stored or sent. */
  previewApproval(ref: string, narrowing: Narrowing = {}): Promise<{ terms: RequestTerms; recordsInScope: number; warnings: string[]; currency: CurrencyFacts }> {
    return previewApproval(this.#ctx, ref, narrowing);
  }

  /** The ε budget (× 1000) a stored request (id) or a link asks for. */
  requestedEpsilonMilli(ref: string): Promise<number> {
    return requestedEpsilonMilli(this.#ctx, ref);
  }

  /** Declines a pending request (id or link) for good. */
  decline(ref: string): Promise<InspectedRequest> {
    return decline(this.#ctx, ref);
  }

  /** Every lease and pending request, oldest first; with `chain: true` (default) also what the chain says. */
  list(options: { chain?: boolean } = {}): Promise<LeaseView[]> {
    return listLeases(this.#ctx, options);
  }

  /** One lease by on-chain id (decimal) or request id. Amounts are in units already read (see show). */
  get(ref: string | bigint): LeaseView {
    return getLease(this.#ctx, ref);
  }

  /** One lease by on-chain id (decimal) or request id, with its payment token's units read from the chain. */
  show(ref: string | bigint): Promise<LeaseView> {
    return showLease(this.#ctx, ref);
  }

  /** The wallet account's withdrawable earnings in the contract, per payment token (native first). */
  earnings(): Promise<TokenEarnings[]> {
    return listEarnings(this.#ctx);
  }

  /** Pays out the whole balance in `token` (default: every token with a balance) to the wallet account. */
  withdraw(token?: `0x${string}`): Promise<Withdrawal[]> {
    return withdrawEarnings(this.#ctx, token);
  }

  /** Ends an active lease now; the owner is paid the elapsed share and the requester refunded the rest. */
  revoke(ref: string | bigint): Promise<LeaseView> {
    return revoke(this.#ctx, ref);
  }

  /** The data access gate for the training runner (LeaseAccessDeniedError unless covered by an active lease). */
  requireActiveLease(leaseId: string | bigint, datasetKind: string, timeMs: number): ActiveLeaseGrant {
    return requireActiveLease(this.#ctx, leaseId, datasetKind, timeMs);
  }

  /** Marks leases whose time is up as expired and settles expired leases on the chain. */
  tick(): Promise<TickResult> {
    return tick(this.#ctx);
  }

  /** Runs tick() when the next lease expires, and every `retryMs` while one is unsettled. */
  startScheduler(options: { onTick?: (r: TickResult) => void; onError?: (e: unknown) => void; retryMs?: number } = {}): void {
    startScheduler(this.#ctx, options);
  }

  stopScheduler(): void {
    stopScheduler(this.#ctx);
  }

  /** Brings the local records and the chain together (run on every start). */
  reconcile(): Promise<ReconcileReport> {
    return reconcile(this.#ctx);
  }

  /** The consent receipt of a decided request (by request id or lease id). */
  receipt(ref: string): ReturnType<typeof consentReceipt> {
    return consentReceipt(this.#ctx, ref);
  }

  listRequesters(): RequesterView[] {
    return listRequesters(this.#ctx);
  }

  /** Names a requester for later prompts (null clears the label). */
  labelRequester(address: string, label: string | null): RequesterView {
    return labelRequester(this.#ctx, address, label);
  }

  blockRequester(address: string): RequesterView {
    return blockRequester(this.#ctx, address);
  }

  unblockRequester(address: string): RequesterView {
    return unblockRequester(this.#ctx, address);
  }
}
