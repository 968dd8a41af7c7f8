/** How stored requests and leases are shown: statuses, views, lookups by id. */
import type { Hex } from 'viem';
import type { LeaseLinkPayload } from '../../../../shared/lease/link.js';
import { dpvPurposeLabel } from '../../../../shared/lease/purposes.js';
import { readLease } from '../../chain/data-lease/read-lease.js';
import type { LeaseContext } from '../context.js';
import { LeaseNotFoundError, LeaseRequestNotFoundError } from '../errors.js';
import * as store from '../store.js';
import type { LeaseRow, RequestRow } from '../store.js';
import type { LeaseStatus, LeaseView } from '../types.js';
import { DIGEST, grantedTermsOf, messageOf, secondsToMs, termsOf } from './lease-rows.js';
import { currencyOfToken, loadTokens } from '../token-units.js';

export function payloadOf(ctx: LeaseContext, row: RequestRow): LeaseLinkPayload {
  return { chainId: row.chain_id, verifyingContract: row.contract, message: messageOf(row), signature: row.signature };
}

export function localStatus(ctx: LeaseContext, row: LeaseRow): LeaseStatus {
  if (row.state === 'submitting') return 'pending';
  if (row.state === 'unconfirmed' || row.state === 'revoking') return row.state;
  if (row.state === 'active' && row.expires_at !== null && ctx.now() >= row.expires_at) return 'expired';
  return row.state;
}

export function leaseView(ctx: LeaseContext, row: LeaseRow, request: RequestRow, label: string | null): LeaseView {
  const m = messageOf(request);
  return {
    id: row.request_digest,
    leaseId: row.lease_id,
    status: localStatus(ctx, row),
    requester: request.requester,
    requesterName: m.requesterName,
    label,
    purpose: m.purpose,
    purposeLabel: dpvPurposeLabel(m.purpose),
    terms: grantedTermsOf(row),
    requested: termsOf(m),
    startsAt: row.starts_at,
    expiresAt: row.expires_at,
    grantTx: row.grant_tx,
    revokeTx: row.revoke_tx,
    settleTx: row.settle_tx,
    ownerPaid: row.owner_paid,
    refunded: row.refunded,
    note: row.note,
    deadlinePassed: false,
    currency: currencyOfToken(ctx, m.token),
  };
}

export function pendingView(ctx: LeaseContext, request: RequestRow, label: string | null): LeaseView {
  const m = messageOf(request);
  const deadlinePassed = BigInt(Math.floor(ctx.now() / 1000)) > m.deadline;
  return {
    id: request.digest,
    leaseId: null,
    status: 'pending',
    requester: request.requester,
    requesterName: m.requesterName,
    label,
    purpose: m.purpose,
    purposeLabel: dpvPurposeLabel(m.purpose),
    terms: termsOf(m),
    requested: termsOf(m),
    startsAt: null,
    expiresAt: null,
    grantTx: null,
    revokeTx: null,
    settleTx: null,
    ownerPaid: null,
    refunded: null,
    note: deadlinePassed ? `its deadline passed at ${new Date(secondsToMs(m.deadline)).toISOString()}; it can no longer be approved` : null,
    deadlinePassed,
    currency: currencyOfToken(ctx, m.token),
  };
}

/** Reads the payment tokens of the given stored requests (all when omitted), so views can show their units. */
export async function loadRequestTokens(ctx: LeaseContext, digests?: readonly Hex[]): Promise<void> {
  const rows = ctx.read((db) => (digests ? digests.map((d) => store.getRequest(db, d)).filter((r) => r !== undefined) : store.listRequests(db)));
  await loadTokens(ctx, rows.map((r) => messageOf(r).token));
}

/** getView, with the request's payment token read first. */
export async function showView(ctx: LeaseContext, digest: Hex): Promise<LeaseView> {
  await loadRequestTokens(ctx, [digest]);
  return getView(ctx, digest);
}

export function getView(ctx: LeaseContext, digest: Hex): LeaseView {
  return ctx.read((db) => {
    const row = store.getLeaseByDigest(db, digest);
    const request = store.getRequest(db, digest);
    if (!request) throw new LeaseRequestNotFoundError();
    const label = store.getRequester(db, request.requester)?.label ?? null;
    return row ? leaseView(ctx, row, request, label) : pendingView(ctx, request, label);
  });
}

/**
 * Every lease and pending request, oldest first, with its status from the
 * local records and the clock; with `chain: true` (default) each granted
 * lease also carries what the chain says.
 */
export async function listLeases(ctx: LeaseContext, options: { chain?: boolean } = {}): Promise<LeaseView[]> {
  await loadRequestTokens(ctx);
  const views = ctx.read((db) => {
    const labels = new Map(store.listRequesters(db).map((r) => [r.address, r.label]));
    const leases = store.listLeases(db);
    const withLease = new Set(leases.map((l) => l.request_digest));
    const requests = new Map(store.listRequests(db).map((r) => [r.digest, r]));
    const out: LeaseView[] = [];
    for (const row of leases) {
      const request = requests.get(row.request_digest)!;
      out.push(leaseView(ctx, row, request, labels.get(request.requester) ?? null));
    }
    for (const request of requests.values()) {
      if (request.status === 'pending' && !withLease.has(request.digest)) {
        out.push(pendingView(ctx, request, labels.get(request.requester) ?? null));
      }
    }
    return out;
  });
  if (options.chain ?? true) {
    for (const v of views) {
      if (v.leaseId === null) continue;
      const row = ctx.read((db) => store.getLeaseByDigest(db, v.id))!;
      if (row.chain_id !== ctx.chain.chainId || row.contract !== ctx.chain.contract) continue;
      const onChain = await readLease(ctx.chain.ctx, BigInt(v.leaseId));
      v.chainStatus = onChain && onChain.requestDigest === v.id ? onChain.status : 'none';
    }
  }
  return views;
}

/** One lease by on-chain id (decimal) or request id, its payment token read first. */
export function showLease(ctx: LeaseContext, ref: string | bigint): Promise<LeaseView> {
  return showView(ctx, leaseRow(ctx, ref).request_digest);
}

/** One lease by on-chain id (decimal) or request id. */
export function getLease(ctx: LeaseContext, ref: string | bigint): LeaseView {
  return getView(ctx, leaseRow(ctx, ref).request_digest);
}

export function leaseRow(ctx: LeaseContext, ref: string | bigint): LeaseRow {
  const text = typeof ref === 'bigint' ? ref.toString() : ref;
  const row = ctx.read((db) =>
    DIGEST.test(text)
      ? store.getLeaseByDigest(db, text.toLowerCase())
      : /^[0-9]{1,78}$/.test(text)
        ? store.getLeaseById(db, ctx.chain.chainId, ctx.chain.contract, BigInt(text).toString())
        : undefined,
  );
  if (!row) throw new LeaseNotFoundError(text.length > 80 ? `${text.slice(0, 77)}...` : text);
  return row;
}
