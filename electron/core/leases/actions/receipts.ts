/** Consent receipts of decided requests and leases. */
import { type ConsentDecisionFacts, buildConsentReceipt } from '../consent-receipt.js';
import type { LeaseContext } from '../context.js';
import { LeaseRequestNotFoundError, ReceiptUnavailableError } from '../errors.js';
import * as store from '../store.js';
import type { LeaseRow, RequestRow } from '../store.js';
import { DIGEST, messageOf } from './lease-rows.js';

/** The consent receipt of a decided request (by request id or lease id). */
export function consentReceipt(ctx: LeaseContext, ref: string) {
  const { request, lease } = ctx.read((db) => {
    let request: RequestRow | undefined;
    let lease: LeaseRow | undefined;
    if (DIGEST.test(ref)) {
      request = store.getRequest(db, ref.toLowerCase());
      lease = store.getLeaseByDigest(db, ref.toLowerCase());
    } else if (/^[0-9]{1,78}$/.test(ref)) {
      lease = store.getLeaseById(db, ctx.chain.chainId, ctx.chain.contract, BigInt(ref).toString());
      request = lease ? store.getRequest(db, lease.request_digest) : undefined;
    }
    return { request, lease };
  });
  if (!request) throw new LeaseRequestNotFoundError();
  if (request.status === 'pending') throw new ReceiptUnavailableError('the request has not been decided yet');
  if (request.status === 'approving') throw new ReceiptUnavailableError('its grant is not confirmed on the chain yet');
  const m = messageOf(request);
  const facts: ConsentDecisionFacts = {
    requestId: request.digest,
    signature: request.signature,
    decision: request.status === 'approved' ? 'approved' : 'declined',
    decidedAt: request.decided_at ?? request.received_at,
    principal: ctx.chain.account.address,
    requester: { address: request.requester, name: m.requesterName },
    purpose: m.purpose,
    description: m.description,
    chainId: request.chain_id,
    contract: request.contract,
    requested: {
      datasets: [...m.datasets],
      dataFrom: Number(m.dataFrom),
      dataTo: Number(m.dataTo),
      duration: Number(m.duration),
      token: m.token,
      price: m.price.toString(),
      maxEpsilonMilli: m.maxEpsilonMilli,
      nonce: m.nonce.toString(),
      deadline: Number(m.deadline),
      // With the task URL the receipt embeds the whole signed request (verifiable by anyone);
      // only when every uint64 fits a JS number exactly, or the digest would not recompute.
      ...([m.dataFrom, m.dataTo, m.duration, m.deadline].every((n) => n <= BigInt(Number.MAX_SAFE_INTEGER)) && { taskUrl: m.taskUrl }),
    },
  };
  if (lease && lease.lease_id !== null && lease.grant_tx && lease.starts_at !== null && lease.expires_at !== null) {
    facts.granted = {
      datasets: JSON.parse(lease.datasets) as string[],
      dataFrom: Number(lease.data_from),
      dataTo: Number(lease.data_to),
      duration: Number(lease.duration),
      price: lease.price ?? '0',
      leaseId: lease.lease_id,
      txHash: lease.grant_tx,
      startsAt: lease.starts_at,
      expiresAt: lease.expires_at,
    };
    if (lease.state === 'revoked' && lease.revoke_tx && lease.revoked_at !== null) {
      facts.revocation = { at: lease.revoked_at, txHash: lease.revoke_tx, ownerPaid: lease.owner_paid ?? '0', refunded: lease.refunded ?? '0' };
    }
  }
  if (facts.decision === 'approved' && !facts.granted) {
    throw new ReceiptUnavailableError(lease?.state === 'missing' ? 'the chain lost its lease (see the list of leases)' : 'its grant is not confirmed on the chain yet');
  }
  const receiptId = `urn:datawallet:receipt:${request.digest.slice(2, 34)}:${facts.revocation ? 'revoked' : facts.decision}`;
  return buildConsentReceipt(facts, { receiptId });
}
