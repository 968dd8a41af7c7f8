/** Intake: decoding and verifying a lease link (inspect), storing it as a pending request (receive). */
import { isProfileKind } from '../../../../shared/domain/profile-kinds.js';
import type { Address, Hex } from 'viem';
import { looksLike } from '../../../../shared/lease/display-text.js';
import { hashLeaseRequest } from '../../../../shared/lease/eip712.js';
import { isLeaseLinkError } from '../../../../shared/lease/errors.js';
import { type LeaseLinkPayload, decodeLeaseLink } from '../../../../shared/lease/link.js';
import { dpvPurposeLabel } from '../../../../shared/lease/purposes.js';
import { leaseRequestToJson } from '../../../../shared/lease/request.js';
import { recoverLeaseRequestSigner, verifyLeaseRequestSignature } from '../../../../shared/lease/signature.js';
import { checkFetchUrl } from '../../../../shared/net/url-policy.js';
import { findLeaseByNonce } from '../../chain/data-lease/read-lease.js';
import type { LeaseContext } from '../context.js';
import { LeaseRequestNotFoundError, LeaseRequestRefusedError } from '../errors.js';
import * as store from '../store.js';
import type { RequestRow } from '../store.js';
import type { InspectedRequest, RequestWarning } from '../types.js';
import { DIGEST, secondsToMs, termsOf } from './lease-rows.js';
import { recordsInScope } from './records-in-scope.js';
import { currencyOfToken, loadTokens, tokenWarnings } from '../token-units.js';

/**
 * Decodes and checks a link without storing anything: format, chain,
 * contract, signature, deadline, nonce (local records and chain), block
 * list. Throws LeaseRequestRefusedError with a distinct reason.
 */
export async function inspect(ctx: LeaseContext, link: string): Promise<InspectedRequest> {
  const { payload, digest } = await verifyLink(ctx, link);
  await loadTokens(ctx, [payload.message.token]);
  return describe(ctx, payload, digest);
}

export async function verifyLink(ctx: LeaseContext, link: unknown): Promise<{ payload: LeaseLinkPayload; digest: Hex }> {
  let payload: LeaseLinkPayload;
  try {
    payload = decodeLeaseLink(link);
  } catch (e) {
    if (isLeaseLinkError(e)) throw new LeaseRequestRefusedError('malformed', { linkError: e });
    throw e;
  }
  if (payload.chainId !== ctx.chain.chainId) {
    throw new LeaseRequestRefusedError('wrong-chain', { details: `The link is for chain ${payload.chainId}; this wallet uses ${ctx.chain.chainId}.` });
  }
  if (payload.verifyingContract.toLowerCase() !== ctx.chain.contract.toLowerCase()) {
    throw new LeaseRequestRefusedError('wrong-contract', {
      details: `The link names ${payload.verifyingContract}; this wallet uses ${ctx.chain.contract}.`,
    });
  }
  if (!(await verifyLeaseRequestSignature(payload))) {
    const signer = await recoverLeaseRequestSigner(payload);
    throw new LeaseRequestRefusedError('bad-signature', {
      details: signer ? `Signed by ${signer}, not by ${payload.message.requester}.` : 'The signature does not verify.',
    });
  }
  const urlCheck = checkFetchUrl(payload.message.taskUrl, { allowLocal: ctx.allowLocalTaskUrls });
  if (!urlCheck.ok) {
    throw new LeaseRequestRefusedError('task-url-not-allowed', { details: `The task URL is refused: ${urlCheck.message}.` });
  }
  const digest = hashLeaseRequest(payload, payload.message);
  const stored = ctx.read((db) => store.getRequest(db, digest));
  checkBlocked(ctx, payload.message.requester);
  if (stored && stored.status !== 'pending') return { payload, digest }; // decided: shown with its status
  checkDeadline(ctx, payload.message.deadline);
  const other = ctx.read((db) =>
    store.getRequestByNonce(db, { ...ctx.sameChain, requester: payload.message.requester, nonce: payload.message.nonce.toString() }),
  );
  if (other && other.digest !== digest) {
    throw new LeaseRequestRefusedError('nonce-used', { details: 'Another request with this nonce was received earlier.' });
  }
  const onChain = await findLeaseByNonce(ctx.chain.ctx, payload.message.requester, payload.message.nonce);
  if (onChain !== null) {
    throw new LeaseRequestRefusedError('nonce-used', { details: `The nonce was used by lease ${onChain}.` });
  }
  return { payload, digest };
}

export function checkDeadline(ctx: LeaseContext, deadline: bigint): void {
  if (BigInt(Math.floor(ctx.now() / 1000)) > deadline) {
    throw new LeaseRequestRefusedError('deadline-passed', {
      details: `The deadline was ${new Date(secondsToMs(deadline)).toISOString()}.`,
    });
  }
}

export function checkBlocked(ctx: LeaseContext, requester: Address): void {
  const row = ctx.read((db) => store.getRequester(db, requester));
  if (row?.blocked) throw new LeaseRequestRefusedError('requester-blocked', { details: `Requester ${requester}.` });
}

export function describe(ctx: LeaseContext, payload: LeaseLinkPayload, digest: Hex): InspectedRequest {
  const m = payload.message;
  const { stored, requester, earlier, labelled } = ctx.read((db) => ({
    stored: store.getRequest(db, digest),
    requester: store.getRequester(db, m.requester),
    earlier: store.countApproved(db, m.requester, digest),
    labelled: store.listRequesters(db).filter((r) => r.label !== null && r.address !== m.requester),
  }));
  const warnings: RequestWarning[] = labelled
    .filter((r) => looksLike(m.requesterName, r.label!))
    .map((r) => ({
      code: 'name-looks-like-label' as const,
      label: r.label!,
      labelledAddress: r.address,
      message: `The name looks like "${r.label!}", your label for another address (${r.address}). This request is NOT from that requester.`,
    }));
  const profile = m.datasets.filter(isProfileKind);
  if (profile.length > 0) {
    warnings.push({
      code: 'profile-facts-requested',
      datasets: profile,
      message: `The request asks for facts about you (${profile.join(', ')}): they identify you far more than activity data. Narrow them out unless you mean to share them.`,
    });
  }
  warnings.push(...tokenWarnings(ctx, m.token));
  return {
    id: digest,
    chainId: payload.chainId,
    contract: payload.verifyingContract,
    requester: m.requester,
    requesterName: m.requesterName,
    label: requester?.label ?? null,
    known: Boolean(requester?.label) || earlier > 0,
    purpose: m.purpose,
    purposeLabel: dpvPurposeLabel(m.purpose),
    description: m.description,
    taskUrl: m.taskUrl,
    maxEpsilonMilli: m.maxEpsilonMilli,
    nonce: m.nonce.toString(),
    deadline: m.deadline.toString(),
    terms: termsOf(m),
    recordsInScope: recordsInScope(ctx, m),
    status: stored?.status ?? 'new',
    receivedAt: stored?.received_at ?? null,
    currency: currencyOfToken(ctx, m.token),
    warnings,
  };
}

/** Verifies a link and stores it as a pending request (once). Refusals are audited with their reason. */
export async function receive(ctx: LeaseContext, link: string): Promise<InspectedRequest> {
  let verified: { payload: LeaseLinkPayload; digest: Hex };
  try {
    verified = await verifyLink(ctx, link);
  } catch (e) {
    if (e instanceof LeaseRequestRefusedError) {
      ctx.write(() => {
        ctx.log({ type: 'request.received', data: { length: typeof link === 'string' ? link.length : 0 } });
        ctx.log({ type: 'request.refused', data: { reason: e.reason, code: e.linkCode } });
      });
    }
    throw e;
  }
  const { payload, digest } = verified;
  await loadTokens(ctx, [payload.message.token]);
  const at = ctx.now();
  ctx.write((db) => {
    if (store.getRequest(db, digest)) return;
    const m = payload.message;
    store.insertRequest(db, {
      digest,
      chain_id: payload.chainId,
      contract: payload.verifyingContract,
      requester: m.requester,
      nonce: m.nonce.toString(),
      message: JSON.stringify(leaseRequestToJson(m)),
      signature: payload.signature,
      received_at: at,
      status: 'pending',
      decided_at: null,
    });
    ctx.log({ type: 'request.received', subject: digest, data: { requester: m.requester, nonce: m.nonce.toString() } });
    ctx.log({
      type: 'request.verified',
      subject: digest,
      data: { requester: m.requester, chainId: payload.chainId, contract: payload.verifyingContract, terms: { ...termsOf(m) } },
    });
  });
  return describe(ctx, payload, digest);
}

/** A stored request by id, or the request in a link (received first). */
export async function resolve(ctx: LeaseContext, ref: string): Promise<RequestRow> {
  if (typeof ref === 'string' && DIGEST.test(ref)) {
    const row = ctx.read((db) => store.getRequest(db, ref.toLowerCase()));
    if (!row) throw new LeaseRequestNotFoundError();
    return row;
  }
  const received = await receive(ctx, ref);
  return ctx.read((db) => store.getRequest(db, received.id))!;
}
