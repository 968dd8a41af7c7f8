/** Reconciliation: bringing the local records and the chain together (on every start). */
import type { Hash } from 'viem';
import { dataLeaseAbi } from '../../chain/data-lease/context.js';
import type { GrantLeaseReturnType } from '../../chain/data-lease/grant-lease.js';
import { type OnChainLease, findLeaseByNonce, readLease } from '../../chain/data-lease/read-lease.js';
import { ChainTransactionError, DataLeaseRevertError, TransactionUnconfirmedError, mapChainError } from '../../chain/errors.js';
import type { LeaseContext } from '../context.js';
import { lookUpTransaction, sendCommittedGrant } from '../grant-flow.js';
import * as store from '../store.js';
import type { LeaseRow } from '../store.js';
import type { ReconcileReport } from '../types.js';
import { markUnconfirmed, recorder, saltOf, undoApproval } from './decide.js';
import { messageOf } from './lease-rows.js';
import { markMissing, recordGrant, recordRevoke, recordSettle } from './records.js';
import { finishRevoke } from './revoke.js';

/**
 * Brings the local records and the chain together (run on every start):
 * grants sent but not recorded are looked up by nonce (or re-submitted if
 * never mined); leases the chain lost (state reset) are granted again for
 * their remaining time when the request still allows it, otherwise
 * reported; revocations and settlements made on the chain are recorded.
 */
export function reconcile(ctx: LeaseContext): Promise<ReconcileReport> {
  return ctx.serial(() => doReconcile(ctx));
}

export async function doReconcile(ctx: LeaseContext): Promise<ReconcileReport> {
  const report: ReconcileReport = { found: [], resubmitted: [], updated: [], missing: [], unconfirmed: [] };
  const rows = ctx.read((db) => store.listLeasesInState(db, ['submitting', 'unconfirmed', 'active', 'revoking', 'expired', 'missing'])).filter(
    (r) => r.chain_id === ctx.chain.chainId && r.contract === ctx.chain.contract,
  );
  // First drop ids the chain no longer knows, so a re-submitted lease can take a reused id.
  const lost: LeaseRow[] = [];
  for (const row of rows) {
    if (row.lease_id === null) continue;
    const onChain = await readLease(ctx.chain.ctx, BigInt(row.lease_id));
    if (!isOurs(ctx, onChain, row)) {
      ctx.write((db) => store.updateLease(db, row.request_digest, { lease_id: null, note: `lease ${row.lease_id} is gone from the chain` }, ctx.now()));
      lost.push({ ...row, lease_id: null });
    }
  }
  for (const row of rows) {
    const current = ctx.read((db) => store.getLeaseByDigest(db, row.request_digest))!;
    await reconcileLease(ctx, current, report, lost.some((l) => l.request_digest === row.request_digest));
  }
  return report;
}

export function isOurs(ctx: LeaseContext, onChain: OnChainLease | null, row: LeaseRow): onChain is OnChainLease {
  return (
    onChain !== null &&
    onChain.requestDigest.toLowerCase() === row.request_digest.toLowerCase() &&
    onChain.owner.toLowerCase() === ctx.chain.account.address.toLowerCase()
  );
}

export async function reconcileLease(ctx: LeaseContext, row: LeaseRow, report: ReconcileReport, wasLost = false): Promise<void> {
  const request = ctx.read((db) => store.getRequest(db, row.request_digest))!;
  const message = messageOf(request);
  if (row.lease_id !== null) {
    const onChain = await readLease(ctx.chain.ctx, BigInt(row.lease_id));
    if (isOurs(ctx, onChain, row)) {
      await catchUp(ctx, row, onChain, report);
      return;
    }
  }
  // Not (or no longer) known by id: did the nonce get used by our grant? (nonce + owner)
  const byNonce = await findLeaseByNonce(ctx.chain.ctx, message.requester, message.nonce);
  if (byNonce !== null) {
    const onChain = await readLease(ctx.chain.ctx, byNonce);
    if (isOurs(ctx, onChain, row)) {
      const g = await grantFacts(ctx, onChain);
      recordGrant(ctx, row.request_digest, g, 'found');
      report.found.push(byNonce.toString());
      await catchUp(ctx, ctx.read((db) => store.getLeaseByDigest(db, row.request_digest))!, onChain, report);
      return;
    }
    markMissing(ctx, row, report, 'its nonce was used by a lease this wallet did not grant');
    return;
  }
  const neverGranted = row.state === 'submitting' || row.state === 'unconfirmed';
  // A grant (or its commit) we sent and the node still holds: wait for it, never send a second one.
  if (neverGranted) {
    for (const [step, hash] of [['grant', row.grant_tx], ['commit', row.commit_tx]] as const) {
      if (!hash) continue;
      const sent = await lookUpTransaction(ctx.chain, hash);
      if (sent.kind === 'pending') {
        const reason = `the ${step} transaction ${hash} is still waiting to be mined`;
        ctx.write((db) => store.updateLease(db, row.request_digest, { state: 'unconfirmed', note: reason }, ctx.now()));
        report.unconfirmed.push({ id: row.request_digest, txHash: hash, reason });
        return;
      }
      if (step === 'grant' && sent.kind === 'mined' && sent.granted && sent.granted.requestDigest.toLowerCase() === row.request_digest.toLowerCase()) {
        // Mined by hash, though its nonce reads as unused (a node behind): record what the receipt says.
        recordGrant(ctx, row.request_digest, sent.granted, 'found');
        report.found.push(sent.granted.leaseId.toString());
        return;
      }
    }
  }
  // Nothing on the chain: grant again (for the time that was left, if it had started).
  let duration = BigInt(row.duration);
  if (wasLost || row.state === 'missing') {
    if (row.expires_at === null) {
      duration = BigInt(row.duration);
    } else {
      const left = BigInt(Math.floor((row.expires_at - ctx.now()) / 1000));
      if (left < 1n) {
        markMissing(ctx, row, report, 'the chain lost it and its time was up');
        return;
      }
      duration = left < duration ? left : duration;
    }
  }
  if (BigInt(Math.floor(ctx.now() / 1000)) > message.deadline && !neverGranted) {
    markMissing(ctx, row, report, 'the chain does not have it and the request deadline has passed, so it cannot be granted again');
    return;
  }
  // A shorter duration is a new commitment (the commitment binds the duration), with the same salt.
  try {
    const g = await sendCommittedGrant(ctx.chain, row, message, request.signature, saltOf(ctx, row), recorder(ctx, row.request_digest), duration);
    recordGrant(ctx, row.request_digest, g, 'resubmitted');
    report.resubmitted.push({ id: row.request_digest, leaseId: g.leaseId.toString() });
  } catch (e) {
    const mapped = mapChainError(e);
    if (mapped instanceof TransactionUnconfirmedError) {
      if (neverGranted) markUnconfirmed(ctx, row.request_digest, mapped);
      report.unconfirmed.push({ id: row.request_digest, txHash: mapped.transactionHash, reason: mapped.shortMessage });
      return;
    }
    if (neverGranted && (mapped instanceof DataLeaseRevertError || mapped instanceof ChainTransactionError)) {
      // The chain refused the grant outright and holds no lease for this request: the approval did not happen.
      const reason = `the grant never reached the chain and could not be sent again: ${mapped.shortMessage}`;
      undoApproval(ctx, row.request_digest, reason, true);
      report.missing.push({ id: row.request_digest, leaseId: null, reason });
      return;
    }
    if (neverGranted) {
      // The chain did not answer: keep everything and try again on the next reconcile.
      report.unconfirmed.push({ id: row.request_digest, txHash: row.grant_tx, reason: mapped.shortMessage });
      return;
    }
    markMissing(ctx, row, report, `granting it again failed: ${mapped.shortMessage}`);
  }
}

/** Applies what the chain knows (revoked / settled / expired) to a lease it has. */
export async function catchUp(ctx: LeaseContext, row: LeaseRow, onChain: OnChainLease, report: ReconcileReport): Promise<void> {
  if (onChain.status === 'revoked' && row.state !== 'revoked') {
    const [event] = await chainEvents(ctx, 'Revoked', onChain.id);
    const args = event?.args as { time: bigint; ownerAmount: bigint; requesterRefund: bigint } | undefined;
    recordRevoke(ctx, row, event?.transactionHash ?? ('0x' as Hash), args?.time ?? onChain.chainTime, args?.ownerAmount ?? 0n, args?.requesterRefund ?? 0n, true);
    report.updated.push(onChain.id.toString());
  } else if (onChain.status === 'settled' && row.state !== 'settled') {
    const [event] = await chainEvents(ctx, 'Settled', onChain.id);
    const args = event?.args as { time: bigint; ownerAmount: bigint } | undefined;
    recordSettle(ctx, row, event?.transactionHash ?? null, args?.time ?? onChain.chainTime, args?.ownerAmount ?? onChain.price, true);
    report.updated.push(onChain.id.toString());
  } else if (row.state === 'revoking' && onChain.status === 'active') {
    await finishRevoke(ctx, row, report);
  } else if (row.state === 'revoking' && onChain.status === 'expired') {
    // Its time ran out before the revoke was mined: it is settled in full like any expired lease.
    ctx.write((db) => store.updateLease(db, row.request_digest, { state: 'expired', note: 'it expired before the revoke was mined' }, ctx.now()));
    report.updated.push(onChain.id.toString());
  } else if (row.state === 'missing' || row.state === 'submitting' || row.state === 'unconfirmed') {
    recordGrant(ctx, row.request_digest, await grantFacts(ctx, onChain), 'found');
    report.found.push(onChain.id.toString());
  }
}

export async function chainEvents(ctx: LeaseContext, eventName: 'Granted' | 'Revoked' | 'Settled', id: bigint) {
  try {
    return await ctx.chain.ctx.publicClient.getContractEvents({
      address: ctx.chain.contract,
      abi: dataLeaseAbi,
      eventName,
      args: { id },
      fromBlock: 0n,
    });
  } catch (e) {
    throw mapChainError(e);
  }
}

export async function grantFacts(ctx: LeaseContext, onChain: OnChainLease): Promise<GrantLeaseReturnType> {
  const [event] = await chainEvents(ctx, 'Granted', onChain.id);
  return {
    leaseId: onChain.id,
    transactionHash: event?.transactionHash ?? ('0x' as Hash),
    blockNumber: event?.blockNumber ?? 0n,
    price: onChain.price,
    start: onChain.start,
    expiry: onChain.expiry,
    requestDigest: onChain.requestDigest,
  };
}
