/** Revoking an active lease on the chain (the owner is paid pro rata). */
import { revokeLease } from '../../chain/data-lease/revoke-lease.js';
import { DataLeaseRevertError, TransactionUnconfirmedError, mapChainError } from '../../chain/errors.js';
import type { LeaseContext } from '../context.js';
import { LeaseNotActiveError, RevokeUnconfirmedError } from '../errors.js';
import { lookUpTransaction } from '../grant-flow.js';
import * as store from '../store.js';
import type { LeaseRow } from '../store.js';
import type { LeaseView, ReconcileReport } from '../types.js';
import { rescheduleSoon } from './expiry-scheduler.js';
import { doReconcile } from './reconcile.js';
import { recordRevoke } from './records.js';
import { leaseRow, localStatus, showView } from './views.js';

/** Ends an active lease now; the owner is paid the elapsed share and the requester refunded the rest. */
export function revoke(ctx: LeaseContext, ref: string | bigint): Promise<LeaseView> {
  return ctx.serial(() => doRevoke(ctx, ref));
}

export async function doRevoke(ctx: LeaseContext, ref: string | bigint): Promise<LeaseView> {
  const row = leaseRow(ctx, ref);
  const status = localStatus(ctx, row);
  const shown = row.lease_id ?? row.request_digest;
  if ((status !== 'active' && status !== 'revoking') || row.lease_id === null) throw new LeaseNotActiveError(shown, status);
  if (status === 'active') {
    // Access stops here, before anything is sent: a revoke that times out must not keep data flowing.
    ctx.write((db) => {
      store.updateLease(db, row.request_digest, { state: 'revoking', revoke_tx: null }, ctx.now());
      ctx.log({ type: 'lease.revoke-submitted', subject: row.request_digest, data: { leaseId: row.lease_id } });
    });
  }
  const revoking = ctx.read((db) => store.getLeaseByDigest(db, row.request_digest))!;
  if (revoking.revoke_tx) {
    const sent = await lookUpTransaction(ctx.chain, revoking.revoke_tx);
    if (sent.kind === 'pending') {
      throw new RevokeUnconfirmedError({ details: revoking.revoke_tx });
    }
  }
  let result;
  try {
    result = await revokeLease(ctx.chain.ctx, BigInt(row.lease_id), {
      onSigned: (hash) => ctx.write((db) => store.updateLease(db, row.request_digest, { revoke_tx: hash }, ctx.now())),
    });
  } catch (e) {
    const mapped = mapChainError(e);
    if (mapped instanceof DataLeaseRevertError && (mapped.reason === 'LeaseNotActive' || mapped.reason === 'LeaseClosed')) {
      // Expired, or closed on the chain already: the chain's view wins (reconcile records it).
      ctx.write((db) => store.updateLease(db, row.request_digest, { state: 'active' }, ctx.now()));
      await doReconcile(ctx);
      throw new LeaseNotActiveError(shown, localStatus(ctx, leaseRow(ctx, row.request_digest)), { cause: mapped });
    }
    if (mapped instanceof TransactionUnconfirmedError) throw new RevokeUnconfirmedError({ cause: mapped, details: mapped.transactionHash });
    // Anything else: the lease stays `revoking` (no access); reconcile sends the revoke again.
    ctx.write((db) => store.updateLease(db, row.request_digest, { note: `the revoke could not be sent yet: ${mapped.shortMessage}` }, ctx.now()));
    throw mapped;
  }
  recordRevoke(ctx, row, result.transactionHash, result.time, result.ownerAmount, result.requesterRefund, false);
  rescheduleSoon(ctx);
  return showView(ctx, row.request_digest);
}

/** Reconcile of a lease left `revoking` that the chain still has active: wait for the revoke sent, or send it again. */
export async function finishRevoke(ctx: LeaseContext, row: LeaseRow, report: ReconcileReport): Promise<void> {
  try {
    await doRevoke(ctx, row.request_digest);
    report.updated.push(row.lease_id!);
  } catch (e) {
    if (e instanceof RevokeUnconfirmedError) {
      report.unconfirmed.push({ id: row.request_digest, txHash: ctx.read((db) => store.getLeaseByDigest(db, row.request_digest))?.revoke_tx ?? null, reason: e.shortMessage });
      return;
    }
    if (e instanceof LeaseNotActiveError) return;
    report.unconfirmed.push({ id: row.request_digest, txHash: null, reason: mapChainError(e).shortMessage });
  }
}
