/**
 * Leases: from a requester's deep link to a granted, expiring, revocable,
 * settled lease. `LeaseService` is the facade over the use cases in
 * ./actions (one per file: intake, decide, revoke, expiry scheduler,
 * reconcile, access guard, receipts, requester directory);
 * `openLeaseRuntime` wires it to the wallet's chain with reconciliation and
 * the scheduler.
 */
export { LeaseService } from './lease-service.js';
export type * from './types.js';
export { openLeaseRuntime, type LeaseRuntime, type LeaseRuntimeEvent, type OpenLeaseRuntimeOptions } from './open-lease-runtime.js';
export { applyNarrowing, type Narrowing, type GrantedTerms } from './narrowing.js';
export { buildConsentReceipt, ConsentReceiptFactsError, type ConsentDecisionFacts } from './consent-receipt.js';
export * from './errors.js';
