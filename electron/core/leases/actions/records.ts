/** Writing what happened to a lease into the local records and the audit log, in one transaction each. */
import type { Hash, Hex } from 'viem';
import type { GrantLeaseReturnType } from '../../chain/data-lease/grant-lease.js';
import type { LeaseContext } from '../context.js';
import * as store from '../store.js';
import type { LeaseRow } from '../store.js';
import type { ReconcileReport } from '../types.js';
import { secondsToMs } from './lease-rows.js';

export function recordGrant(ctx: LeaseContext, digest: Hex, g: GrantLeaseReturnType, how: 'granted' | 'found' | 'resubmitted'): void {
  const at = ctx.now();
  ctx.write((db) => {
    store.updateLease(
      db,
      digest,
      {
        lease_id: g.leaseId.toString(),
        state: 'active',
        price: g.price.toString(),
        grant_tx: g.transactionHash,
        starts_at: secondsToMs(g.start),
        expires_at: secondsToMs(g.expiry),
        duration: (g.expiry - g.start).toString(),
        note: how === 'resubmitted' ? 'granted again after the chain lost the earlier grant or never mined it' : null,
      },
      at,
    );
    const request = store.getRequest(db, digest);
    if (request && request.status !== 'approved') store.setRequestStatus(db, digest, 'approved', request.decided_at ?? at);
    const data = {
      leaseId: g.leaseId.toString(),
      txHash: g.transactionHash,
      price: g.price.toString(),
      start: g.start.toString(),
      expiry: g.expiry.toString(),
    };
    if (how === 'granted') ctx.log({ type: 'lease.granted', subject: digest, data });
    else ctx.log({ type: 'lease.reconciled', subject: digest, data: { action: how, ...data } });
  });
}

export function recordRevoke(ctx: LeaseContext, row: LeaseRow, tx: Hash, time: bigint, ownerPaid: bigint, refunded: bigint, reconciled: boolean): void {
  ctx.write((db) => {
    store.updateLease(
      db,
      row.request_digest,
      { state: 'revoked', revoke_tx: tx, revoked_at: secondsToMs(time), owner_paid: ownerPaid.toString(), refunded: refunded.toString(), note: null },
      ctx.now(),
    );
    const data = { leaseId: row.lease_id, txHash: tx, time: time.toString(), ownerPaid: ownerPaid.toString(), refunded: refunded.toString() };
    ctx.log(
      reconciled
        ? { type: 'lease.reconciled', subject: row.request_digest, data: { action: 'revoked-on-chain', ...data } }
        : { type: 'lease.revoked', subject: row.request_digest, data },
    );
  });
}

export function recordSettle(ctx: LeaseContext, row: LeaseRow, tx: Hash | null, time: bigint, ownerPaid: bigint, reconciled: boolean): void {
  ctx.write((db) => {
    store.updateLease(
      db,
      row.request_digest,
      { state: 'settled', settle_tx: tx, settled_at: secondsToMs(time), owner_paid: ownerPaid.toString(), refunded: '0' },
      ctx.now(),
    );
    const data = { leaseId: row.lease_id, txHash: tx, time: time.toString(), ownerPaid: ownerPaid.toString() };
    ctx.log(
      reconciled
        ? { type: 'lease.reconciled', subject: row.request_digest, data: { action: 'settled-on-chain', ...data } }
        : { type: 'lease.settled', subject: row.request_digest, data },
    );
  });
}

export function markExpired(ctx: LeaseContext, row: LeaseRow): void {
  ctx.write((db) => {
    store.updateLease(db, row.request_digest, { state: 'expired' }, ctx.now());
    ctx.log({ type: 'lease.expired', subject: row.request_digest, data: { leaseId: row.lease_id, expiresAt: row.expires_at } });
  });
}

export function markMissing(ctx: LeaseContext, row: LeaseRow, report: ReconcileReport, reason: string): void {
  ctx.write((db) => {
    store.updateLease(db, row.request_digest, { state: 'missing', lease_id: null, note: reason }, ctx.now());
    if (row.state !== 'missing' || row.note !== reason) {
      ctx.log({ type: 'lease.reconciled', subject: row.request_digest, data: { action: 'missing', reason } });
    }
  });
  report.missing.push({ id: row.request_digest, leaseId: null, reason });
}
