/** Decisions: approving a request (with narrowing) by a grant transaction, declining it for good. */
import type { Hex } from 'viem';
import { hashLeaseScope } from '../../../../shared/lease/eip712.js';
import type { LeaseRequestMessage } from '../../../../shared/lease/request.js';
import type { AuditJson } from '../../audit/types.js';
import { type GrantLeaseReturnType, randomSalt } from '../../chain/data-lease/grant-lease.js';
import { ChainTransactionError, DataLeaseRevertError, TransactionUnconfirmedError, mapChainError } from '../../chain/errors.js';
import type { LeaseContext } from '../context.js';
import { GrantUnconfirmedError, LeaseRequestRefusedError, RequestAlreadyDecidedError } from '../errors.js';
import { type GrantFlowRecorder, sendCommittedGrant } from '../grant-flow.js';
import { type GrantedTerms, type Narrowing, applyNarrowing, grantedPrice, narrowingWarnings } from '../narrowing.js';
import * as store from '../store.js';
import type { LeaseRow, RequestRow } from '../store.js';
import type { InspectedRequest, LeaseView, RequestTerms } from '../types.js';
import { rescheduleSoon } from './expiry-scheduler.js';
import { checkBlocked, checkDeadline, describe, resolve, verifyLink } from './intake.js';
import { DIGEST, messageOf, termsOf } from './lease-rows.js';
import { recordGrant } from './records.js';
import { recordsInScope } from './records-in-scope.js';
import { payloadOf, showView } from './views.js';
import type { CurrencyFacts } from '../currency.js';
import { currencyOfToken, loadTokens, tokenWarnings } from '../token-units.js';

/**
 * Grants a pending request, optionally narrowed, with a transaction on the
 * DataLease contract. `ref` is a request id or the link itself.
 */
export function approve(ctx: LeaseContext, ref: string, narrowing: Narrowing = {}): Promise<LeaseView> {
  return ctx.serial(() => doApprove(ctx, ref, narrowing));
}

export async function doApprove(ctx: LeaseContext, ref: string, narrowing: Narrowing): Promise<LeaseView> {
  const request = await resolve(ctx, ref);
  if (request.status !== 'pending') throw new RequestAlreadyDecidedError(request.status);
  const message = messageOf(request);
  try {
    checkBlocked(ctx, message.requester);
    checkDeadline(ctx, message.deadline);
  } catch (e) {
    if (e instanceof LeaseRequestRefusedError) {
      ctx.write(() => ctx.log({ type: 'request.refused', subject: request.digest, data: { reason: e.reason, code: null } }));
    }
    throw e;
  }
  const granted = applyNarrowing(message, narrowing);
  const warnings = narrowingWarnings(message, granted);
  const scopeHash = hashLeaseScope(granted);
  const at = ctx.now();
  ctx.write((db) => {
    const current = store.getRequest(db, request.digest);
    if (current?.status !== 'pending') throw new RequestAlreadyDecidedError(current?.status ?? 'approving');
    store.setRequestStatus(db, request.digest, 'approving', at);
    store.insertLease(db, {
      request_digest: request.digest,
      chain_id: request.chain_id,
      contract: request.contract,
      lease_id: null,
      datasets: JSON.stringify(granted.datasets),
      data_from: granted.dataFrom.toString(),
      data_to: granted.dataTo.toString(),
      scope_hash: scopeHash,
      duration: granted.duration.toString(),
      state: 'submitting',
      price: null,
      grant_tx: null,
      starts_at: null,
      expires_at: null,
      revoke_tx: null,
      revoked_at: null,
      owner_paid: null,
      refunded: null,
      settle_tx: null,
      settled_at: null,
      note: null,
      created_at: at,
      updated_at: at,
      commit_salt: randomSalt(),
      commit_tx: null,
    });
    ctx.log({ type: 'request.approved', subject: request.digest, data: { terms: auditTerms(ctx, granted) } });
    if (granted.narrowed) {
      ctx.log({
        type: 'lease.narrowed',
        subject: request.digest,
        data: { requested: { ...termsOf(message) }, granted: auditTerms(ctx, granted) },
      });
    }
    ctx.log({ type: 'lease.grant-submitted', subject: request.digest, data: { scopeHash, duration: granted.duration.toString() } });
  });
  await ctx.hooks.beforeGrantSent?.();
  const result = await sendGrant(ctx, request, message);
  await ctx.hooks.afterGrantSent?.(result);
  recordGrant(ctx, request.digest, result, 'granted');
  rescheduleSoon(ctx);
  const view = await showView(ctx, request.digest);
  return warnings.length > 0 ? { ...view, warnings } : view;
}

/** The terms an approval with `narrowing` would grant, its price, and warnings, without granting anything. */
export async function previewApproval(
  ctx: LeaseContext,
  ref: string,
  narrowing: Narrowing = {},
): Promise<{ terms: RequestTerms; recordsInScope: number; warnings: string[]; currency: CurrencyFacts }> {
  const request = DIGEST.test(ref) ? ctx.read((db) => store.getRequest(db, ref.toLowerCase())) : undefined;
  const message = request ? messageOf(request) : (await verifyLink(ctx, ref)).payload.message;
  await loadTokens(ctx, [message.token]);
  const granted = applyNarrowing(message, narrowing);
  return {
    terms: {
      datasets: granted.datasets,
      dataFrom: granted.dataFrom.toString(),
      dataTo: granted.dataTo.toString(),
      duration: granted.duration.toString(),
      price: grantedPrice(message, granted.duration).toString(),
    },
    recordsInScope: recordsInScope(ctx, granted),
    warnings: [...tokenWarnings(ctx, message.token).map((w) => w.message), ...narrowingWarnings(message, granted)],
    currency: currencyOfToken(ctx, message.token),
  };
}

export function auditTerms(ctx: LeaseContext, g: GrantedTerms): { [k: string]: AuditJson } {
  return { datasets: g.datasets, dataFrom: g.dataFrom.toString(), dataTo: g.dataTo.toString(), duration: g.duration.toString() };
}

/** Stores each transaction hash on the lease row before the transaction is broadcast. */
export function recorder(ctx: LeaseContext, digest: Hex): GrantFlowRecorder {
  return {
    recordSent: (field, hash) => ctx.write((db) => store.updateLease(db, digest, { [field]: hash }, ctx.now())),
  };
}

/** The lease row's commitment salt (a row from before commit-reveal gets one now). */
export function saltOf(ctx: LeaseContext, row: LeaseRow): Hex {
  if (row.commit_salt) return row.commit_salt;
  const salt = randomSalt();
  ctx.write((db) => store.updateLease(db, row.request_digest, { commit_salt: salt }, ctx.now()));
  return salt;
}

/**
 * Sends the grant (commit, then reveal). A definite refusal (the contract
 * refused before anything was broadcast, or the transaction was mined and
 * reverted) undoes the approval: the request is pending again. A grant that
 * was broadcast and not confirmed leaves the lease `unconfirmed` (nothing is
 * deleted: it may still be mined); one that could not be sent at all stays
 * `submitting`. Reconcile resolves both.
 */
export async function sendGrant(ctx: LeaseContext, request: RequestRow, message: LeaseRequestMessage): Promise<GrantLeaseReturnType> {
  const row = ctx.read((db) => store.getLeaseByDigest(db, request.digest))!;
  try {
    return await sendCommittedGrant(ctx.chain, row, message, request.signature, saltOf(ctx, row), recorder(ctx, request.digest));
  } catch (e) {
    const mapped = mapChainError(e);
    if (mapped instanceof TransactionUnconfirmedError) {
      markUnconfirmed(ctx, request.digest, mapped);
      throw new GrantUnconfirmedError(true, { cause: mapped, details: mapped.transactionHash });
    }
    if (mapped instanceof DataLeaseRevertError || mapped instanceof ChainTransactionError) {
      undoApproval(ctx, request.digest, mapped instanceof DataLeaseRevertError ? mapped.reason : mapped.name, false);
      if (mapped instanceof DataLeaseRevertError && mapped.reason === 'NonceAlreadyUsed') {
        throw new LeaseRequestRefusedError('nonce-used', { cause: mapped });
      }
      if (mapped instanceof DataLeaseRevertError && mapped.reason === 'RequestExpired') {
        throw new LeaseRequestRefusedError('deadline-passed', { cause: mapped });
      }
      throw mapped;
    }
    ctx.write((db) => store.updateLease(db, request.digest, { note: `the grant could not be sent: ${mapped.shortMessage}` }, ctx.now()));
    throw new GrantUnconfirmedError(false, { cause: mapped });
  }
}

/** A definite refusal: the chain holds no lease from this approval, so it is undone (request pending again). */
export function undoApproval(ctx: LeaseContext, digest: Hex, reason: string, reconciled: boolean): void {
  ctx.write((db) => {
    store.deleteLease(db, digest);
    store.setRequestStatus(db, digest, 'pending', null);
    ctx.log({ type: 'lease.grant-failed', subject: digest, data: reconciled ? { reason, reconciled: true } : { reason } });
  });
}

export function markUnconfirmed(ctx: LeaseContext, digest: Hex, e: TransactionUnconfirmedError): void {
  ctx.write((db) => {
    const row = store.getLeaseByDigest(db, digest);
    const note = `the ${e.functionName} transaction ${e.transactionHash} was sent and is not confirmed yet`;
    store.updateLease(db, digest, { state: 'unconfirmed', note }, ctx.now());
    if (row?.state !== 'unconfirmed') {
      ctx.log({ type: 'lease.grant-unconfirmed', subject: digest, data: { txHash: e.transactionHash, step: e.functionName } });
    }
  });
}

/** Declines a pending request for good. `ref` is a request id or the link itself. */
export async function decline(ctx: LeaseContext, ref: string): Promise<InspectedRequest> {
  const request = await resolve(ctx, ref);
  if (request.status !== 'pending') throw new RequestAlreadyDecidedError(request.status);
  const at = ctx.now();
  ctx.write((db) => {
    const current = store.getRequest(db, request.digest);
    if (current?.status !== 'pending') throw new RequestAlreadyDecidedError(current?.status ?? 'approving');
    store.setRequestStatus(db, request.digest, 'declined', at);
    ctx.log({ type: 'request.declined', subject: request.digest, data: { requester: request.requester } });
  });
  await loadTokens(ctx, [messageOf(request).token]);
  return describe(ctx, payloadOf(ctx, request), request.digest);
}
