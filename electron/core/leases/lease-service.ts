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
import { getAddress, isAddress, type Address, type Hash, type Hex } from 'viem';
import { hashLeaseRequest, hashLeaseScope } from '../../../shared/lease/eip712.js';
import { dpvPurposeLabel } from '../../../shared/lease/purposes.js';
import { isLeaseLinkError } from '../../../shared/lease/errors.js';
import { decodeLeaseLink, type LeaseLinkPayload } from '../../../shared/lease/link.js';
import { leaseRequestFromJson, leaseRequestToJson, type LeaseRequestMessage } from '../../../shared/lease/request.js';
import { verifyLeaseRequestSignature, recoverLeaseRequestSigner } from '../../../shared/lease/signature.js';
import type { AuditEntryInput, AuditJson, AuditSink } from '../audit/types.js';
import type { DataLeaseContext } from '../chain/data-lease/context.js';
import { randomSalt, type GrantLeaseReturnType } from '../chain/data-lease/grant-lease.js';
import { findLeaseByNonce, readLease, type OnChainLease, type OnChainLeaseStatus } from '../chain/data-lease/read-lease.js';
import { revokeLease } from '../chain/data-lease/revoke-lease.js';
import { settleLease } from '../chain/data-lease/settle-lease.js';
import { dataLeaseAbi } from '../chain/data-lease/context.js';
import { ChainTransactionError, DataLeaseRevertError, TransactionUnconfirmedError, mapChainError } from '../chain/errors.js';
import type { WalletError } from '../errors.js';
import type { Connection, Vault } from '../vault/index.js';
import { buildConsentReceipt, type ConsentDecisionFacts } from './consent-receipt.js';
import {
  GrantUnconfirmedError,
  RevokeUnconfirmedError,
  LeaseAccessDeniedError,
  LeaseNotActiveError,
  LeaseNotFoundError,
  LeaseRequestNotFoundError,
  LeaseRequestRefusedError,
  RequestAlreadyDecidedError,
  ReceiptUnavailableError,
  RequesterLabelError,
} from './errors.js';
import { lookUpTransaction, sendCommittedGrant, type GrantFlowRecorder } from './grant-flow.js';
import { applyNarrowing, grantedPrice, narrowingWarnings, type GrantedTerms, type Narrowing } from './narrowing.js';
import { nativeCurrencyOf, type CurrencyFacts } from './currency.js';
import { checkFetchUrl } from '../../../shared/net/url-policy.js';
import { displayTextProblem, looksLike } from '../../../shared/lease/display-text.js';
import * as store from './store.js';
import type { LeaseRow, RequestRow } from './store.js';

/** The part of the wallet's chain the service needs (see openWalletChain). */
export interface LeaseChain {
  chainId: number;
  contract: Address;
  /** Signs as the wallet's own account. */
  ctx: DataLeaseContext;
  account: { address: Address };
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
export type RequestWarning = {
  code: 'name-looks-like-label';
  /** The owner's label the name resembles, and the address it belongs to (not this request's requester). */
  label: string;
  labelledAddress: Address;
  message: string;
};

export type RequestStatusView = 'new' | store.RequestStatus;

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
  status: RequestStatusView;
  receivedAt: number | null;
  /** The currency prices are in (from the wallet's network, never from the request). */
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

const DIGEST = /^0x[0-9a-fA-F]{64}$/;
const MAX_MS = Number.MAX_SAFE_INTEGER;

/** Chain seconds → unix ms, capped to what a JS number holds exactly (an absurd expiry reads as "never"). */
function secondsToMs(s: bigint): number {
  const ms = s * 1000n;
  return ms > BigInt(MAX_MS) ? MAX_MS : Number(ms);
}

function termsOf(message: LeaseRequestMessage): RequestTerms {
  return {
    datasets: [...message.datasets],
    dataFrom: message.dataFrom.toString(),
    dataTo: message.dataTo.toString(),
    duration: message.duration.toString(),
    price: message.price.toString(),
  };
}

function messageOf(row: RequestRow): LeaseRequestMessage {
  return leaseRequestFromJson(JSON.parse(row.message) as ReturnType<typeof leaseRequestToJson>);
}

function grantedTermsOf(row: LeaseRow): RequestTerms {
  return {
    datasets: JSON.parse(row.datasets) as string[],
    dataFrom: row.data_from,
    dataTo: row.data_to,
    duration: row.duration,
    price: row.price ?? '',
  };
}

export class LeaseService {
  readonly chain: LeaseChain;
  private readonly vault: Vault;
  private readonly audit: AuditSink;
  private readonly now: () => number;
  private readonly hooks: LeaseServiceHooks;
  private readonly allowLocalTaskUrls: boolean;
  /** The currency prices are shown in. */
  readonly currency: CurrencyFacts;
  private timer: NodeJS.Timeout | null = null;
  private schedulerOptions: { onTick?: (r: TickResult) => void; onError?: (e: unknown) => void; retryMs: number } | null = null;
  private ticking: Promise<TickResult> | null = null;
  /** Chain writes go one at a time: the wallet account's transaction nonces must not race. */
  private chainQueue: Promise<unknown> = Promise.resolve();

  constructor(options: LeaseServiceOptions) {
    this.vault = options.vault;
    this.chain = options.chain;
    this.audit = options.audit;
    this.now = options.now ?? Date.now;
    this.hooks = options.hooks ?? {};
    this.allowLocalTaskUrls = options.allowLocalTaskUrls ?? false;
    this.currency = nativeCurrencyOf(options.chain.chainId, options.currency);
  }

  // ---------------------------------------------------------------- plumbing

  private read<T>(fn: (db: Connection) => T): T {
    return this.vault.withDatabase(fn, { write: false });
  }

  /** Runs `fn` (rows + audit entries) in one transaction: all of it is stored, or none. */
  private write<T>(fn: (db: Connection) => T): T {
    return this.vault.withDatabase((db) => db.transaction(() => fn(db)).immediate(), { write: true });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chainQueue.then(fn, fn);
    this.chainQueue = run.catch(() => undefined);
    return run;
  }

  private log(entry: AuditEntryInput): void {
    this.audit.append(entry);
  }

  private get sameChain(): { chainId: number; contract: Address } {
    return { chainId: this.chain.chainId, contract: this.chain.contract };
  }

  // ---------------------------------------------------------------- verification

  /**
   * Decodes and checks a link without storing anything: format, chain,
   * contract, signature, deadline, nonce (local records and chain), block
   * list. Throws LeaseRequestRefusedError with a distinct reason.
   */
  async inspect(link: string): Promise<InspectedRequest> {
    const { payload, digest } = await this.verifyLink(link);
    return this.describe(payload, digest);
  }

  private async verifyLink(link: unknown): Promise<{ payload: LeaseLinkPayload; digest: Hex }> {
    let payload: LeaseLinkPayload;
    try {
      payload = decodeLeaseLink(link);
    } catch (e) {
      if (isLeaseLinkError(e)) throw new LeaseRequestRefusedError('malformed', { linkError: e });
      throw e;
    }
    if (payload.chainId !== this.chain.chainId) {
      throw new LeaseRequestRefusedError('wrong-chain', { details: `The link is for chain ${payload.chainId}; this wallet uses ${this.chain.chainId}.` });
    }
    if (payload.verifyingContract.toLowerCase() !== this.chain.contract.toLowerCase()) {
      throw new LeaseRequestRefusedError('wrong-contract', {
        details: `The link names ${payload.verifyingContract}; this wallet uses ${this.chain.contract}.`,
      });
    }
    if (!(await verifyLeaseRequestSignature(payload))) {
      const signer = await recoverLeaseRequestSigner(payload);
      throw new LeaseRequestRefusedError('bad-signature', {
        details: signer ? `Signed by ${signer}, not by ${payload.message.requester}.` : 'The signature does not verify.',
      });
    }
    const urlCheck = checkFetchUrl(payload.message.taskUrl, { allowLocal: this.allowLocalTaskUrls });
    if (!urlCheck.ok) {
      throw new LeaseRequestRefusedError('task-url-not-allowed', { details: `The task URL is refused: ${urlCheck.message}.` });
    }
    const digest = hashLeaseRequest(payload, payload.message);
    const stored = this.read((db) => store.getRequest(db, digest));
    this.checkBlocked(payload.message.requester);
    if (stored && stored.status !== 'pending') return { payload, digest }; // decided: shown with its status
    this.checkDeadline(payload.message.deadline);
    const other = this.read((db) =>
      store.getRequestByNonce(db, { ...this.sameChain, requester: payload.message.requester, nonce: payload.message.nonce.toString() }),
    );
    if (other && other.digest !== digest) {
      throw new LeaseRequestRefusedError('nonce-used', { details: 'Another request with this nonce was received earlier.' });
    }
    const onChain = await findLeaseByNonce(this.chain.ctx, payload.message.requester, payload.message.nonce);
    if (onChain !== null) {
      throw new LeaseRequestRefusedError('nonce-used', { details: `The nonce was used by lease ${onChain}.` });
    }
    return { payload, digest };
  }

  private checkDeadline(deadline: bigint): void {
    if (BigInt(Math.floor(this.now() / 1000)) > deadline) {
      throw new LeaseRequestRefusedError('deadline-passed', {
        details: `The deadline was ${new Date(secondsToMs(deadline)).toISOString()}.`,
      });
    }
  }

  private checkBlocked(requester: Address): void {
    const row = this.read((db) => store.getRequester(db, requester));
    if (row?.blocked) throw new LeaseRequestRefusedError('requester-blocked', { details: `Requester ${requester}.` });
  }

  private describe(payload: LeaseLinkPayload, digest: Hex): InspectedRequest {
    const m = payload.message;
    const { stored, requester, earlier, labelled } = this.read((db) => ({
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
      status: stored?.status ?? 'new',
      receivedAt: stored?.received_at ?? null,
      currency: this.currency,
      warnings,
    };
  }

  // ---------------------------------------------------------------- receive / decide

  /** Verifies a link and stores it as a pending request (once). Refusals are audited with their reason. */
  async receive(link: string): Promise<InspectedRequest> {
    let verified: { payload: LeaseLinkPayload; digest: Hex };
    try {
      verified = await this.verifyLink(link);
    } catch (e) {
      if (e instanceof LeaseRequestRefusedError) {
        this.write(() => {
          this.log({ type: 'request.received', data: { length: typeof link === 'string' ? link.length : 0 } });
          this.log({ type: 'request.refused', data: { reason: e.reason, code: e.linkCode } });
        });
      }
      throw e;
    }
    const { payload, digest } = verified;
    const at = this.now();
    this.write((db) => {
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
      this.log({ type: 'request.received', subject: digest, data: { requester: m.requester, nonce: m.nonce.toString() } });
      this.log({
        type: 'request.verified',
        subject: digest,
        data: { requester: m.requester, chainId: payload.chainId, contract: payload.verifyingContract, terms: { ...termsOf(m) } },
      });
    });
    return this.describe(payload, digest);
  }

  /** A stored request by id, or the request in a link (received first). */
  private async resolve(ref: string): Promise<RequestRow> {
    if (typeof ref === 'string' && DIGEST.test(ref)) {
      const row = this.read((db) => store.getRequest(db, ref.toLowerCase()));
      if (!row) throw new LeaseRequestNotFoundError();
      return row;
    }
    const received = await this.receive(ref);
    return this.read((db) => store.getRequest(db, received.id))!;
  }

  /**
   * Grants a pending request, optionally narrowed, with a transaction on the
   * DataLease contract. `ref` is a request id or the link itself.
   */
  approve(ref: string, narrowing: Narrowing = {}): Promise<LeaseView> {
    return this.serial(() => this.doApprove(ref, narrowing));
  }

  private async doApprove(ref: string, narrowing: Narrowing): Promise<LeaseView> {
    const request = await this.resolve(ref);
    if (request.status !== 'pending') throw new RequestAlreadyDecidedError(request.status);
    const message = messageOf(request);
    try {
      this.checkBlocked(message.requester);
      this.checkDeadline(message.deadline);
    } catch (e) {
      if (e instanceof LeaseRequestRefusedError) {
        this.write(() => this.log({ type: 'request.refused', subject: request.digest, data: { reason: e.reason, code: null } }));
      }
      throw e;
    }
    const granted = applyNarrowing(message, narrowing);
    const warnings = narrowingWarnings(message, granted);
    const scopeHash = hashLeaseScope(granted);
    const at = this.now();
    this.write((db) => {
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
      this.log({ type: 'request.approved', subject: request.digest, data: { terms: this.auditTerms(granted) } });
      if (granted.narrowed) {
        this.log({
          type: 'lease.narrowed',
          subject: request.digest,
          data: { requested: { ...termsOf(message) }, granted: this.auditTerms(granted) },
        });
      }
      this.log({ type: 'lease.grant-submitted', subject: request.digest, data: { scopeHash, duration: granted.duration.toString() } });
    });
    await this.hooks.beforeGrantSent?.();
    const result = await this.sendGrant(request, message);
    await this.hooks.afterGrantSent?.(result);
    this.recordGrant(request.digest, result, 'granted');
    this.rescheduleSoon();
    const view = this.getView(request.digest);
    return warnings.length > 0 ? { ...view, warnings } : view;
  }

  /** The terms an approval with `narrowing` would grant, its price, and warnings, without granting anything. */
  async previewApproval(ref: string, narrowing: Narrowing = {}): Promise<{ terms: RequestTerms; warnings: string[] }> {
    const request = DIGEST.test(ref) ? this.read((db) => store.getRequest(db, ref.toLowerCase())) : undefined;
    const message = request ? messageOf(request) : (await this.verifyLink(ref)).payload.message;
    const granted = applyNarrowing(message, narrowing);
    return {
      terms: {
        datasets: granted.datasets,
        dataFrom: granted.dataFrom.toString(),
        dataTo: granted.dataTo.toString(),
        duration: granted.duration.toString(),
        price: grantedPrice(message, granted.duration).toString(),
      },
      warnings: narrowingWarnings(message, granted),
    };
  }

  private auditTerms(g: GrantedTerms): { [k: string]: AuditJson } {
    return { datasets: g.datasets, dataFrom: g.dataFrom.toString(), dataTo: g.dataTo.toString(), duration: g.duration.toString() };
  }

  /** Stores each transaction hash on the lease row before the transaction is broadcast. */
  private recorder(digest: Hex): GrantFlowRecorder {
    return {
      recordSent: (field, hash) => this.write((db) => store.updateLease(db, digest, { [field]: hash }, this.now())),
    };
  }

  /** The lease row's commitment salt (a row from before commit-reveal gets one now). */
  private saltOf(row: LeaseRow): Hex {
    if (row.commit_salt) return row.commit_salt;
    const salt = randomSalt();
    this.write((db) => store.updateLease(db, row.request_digest, { commit_salt: salt }, this.now()));
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
  private async sendGrant(request: RequestRow, message: LeaseRequestMessage): Promise<GrantLeaseReturnType> {
    const row = this.read((db) => store.getLeaseByDigest(db, request.digest))!;
    try {
      return await sendCommittedGrant(this.chain, row, message, request.signature, this.saltOf(row), this.recorder(request.digest));
    } catch (e) {
      const mapped = mapChainError(e);
      if (mapped instanceof TransactionUnconfirmedError) {
        this.markUnconfirmed(request.digest, mapped);
        throw new GrantUnconfirmedError(true, { cause: mapped, details: mapped.transactionHash });
      }
      if (mapped instanceof DataLeaseRevertError || mapped instanceof ChainTransactionError) {
        this.undoApproval(request.digest, mapped instanceof DataLeaseRevertError ? mapped.reason : mapped.name, false);
        if (mapped instanceof DataLeaseRevertError && mapped.reason === 'NonceAlreadyUsed') {
          throw new LeaseRequestRefusedError('nonce-used', { cause: mapped });
        }
        if (mapped instanceof DataLeaseRevertError && mapped.reason === 'RequestExpired') {
          throw new LeaseRequestRefusedError('deadline-passed', { cause: mapped });
        }
        throw mapped;
      }
      this.write((db) => store.updateLease(db, request.digest, { note: `the grant could not be sent: ${mapped.shortMessage}` }, this.now()));
      throw new GrantUnconfirmedError(false, { cause: mapped });
    }
  }

  /** A definite refusal: the chain holds no lease from this approval, so it is undone (request pending again). */
  private undoApproval(digest: Hex, reason: string, reconciled: boolean): void {
    this.write((db) => {
      store.deleteLease(db, digest);
      store.setRequestStatus(db, digest, 'pending', null);
      this.log({ type: 'lease.grant-failed', subject: digest, data: reconciled ? { reason, reconciled: true } : { reason } });
    });
  }

  private markUnconfirmed(digest: Hex, e: TransactionUnconfirmedError): void {
    this.write((db) => {
      const row = store.getLeaseByDigest(db, digest);
      const note = `the ${e.functionName} transaction ${e.transactionHash} was sent and is not confirmed yet`;
      store.updateLease(db, digest, { state: 'unconfirmed', note }, this.now());
      if (row?.state !== 'unconfirmed') {
        this.log({ type: 'lease.grant-unconfirmed', subject: digest, data: { txHash: e.transactionHash, step: e.functionName } });
      }
    });
  }

  private recordGrant(digest: Hex, g: GrantLeaseReturnType, how: 'granted' | 'found' | 'resubmitted'): void {
    const at = this.now();
    this.write((db) => {
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
      if (how === 'granted') this.log({ type: 'lease.granted', subject: digest, data });
      else this.log({ type: 'lease.reconciled', subject: digest, data: { action: how, ...data } });
    });
  }

  /** Declines a pending request for good. `ref` is a request id or the link itself. */
  async decline(ref: string): Promise<InspectedRequest> {
    const request = await this.resolve(ref);
    if (request.status !== 'pending') throw new RequestAlreadyDecidedError(request.status);
    const at = this.now();
    this.write((db) => {
      const current = store.getRequest(db, request.digest);
      if (current?.status !== 'pending') throw new RequestAlreadyDecidedError(current?.status ?? 'approving');
      store.setRequestStatus(db, request.digest, 'declined', at);
      this.log({ type: 'request.declined', subject: request.digest, data: { requester: request.requester } });
    });
    return this.describe(this.payloadOf(request), request.digest);
  }

  private payloadOf(row: RequestRow): LeaseLinkPayload {
    return { chainId: row.chain_id, verifyingContract: row.contract, message: messageOf(row), signature: row.signature };
  }

  // ---------------------------------------------------------------- leases

  private localStatus(row: LeaseRow): LeaseStatus {
    if (row.state === 'submitting') return 'pending';
    if (row.state === 'unconfirmed' || row.state === 'revoking') return row.state;
    if (row.state === 'active' && row.expires_at !== null && this.now() >= row.expires_at) return 'expired';
    return row.state;
  }

  private view(row: LeaseRow, request: RequestRow, label: string | null): LeaseView {
    const m = messageOf(request);
    return {
      id: row.request_digest,
      leaseId: row.lease_id,
      status: this.localStatus(row),
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
    };
  }

  private pendingView(request: RequestRow, label: string | null): LeaseView {
    const m = messageOf(request);
    const deadlinePassed = BigInt(Math.floor(this.now() / 1000)) > m.deadline;
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
    };
  }

  private getView(digest: Hex): LeaseView {
    return this.read((db) => {
      const row = store.getLeaseByDigest(db, digest);
      const request = store.getRequest(db, digest);
      if (!request) throw new LeaseRequestNotFoundError();
      const label = store.getRequester(db, request.requester)?.label ?? null;
      return row ? this.view(row, request, label) : this.pendingView(request, label);
    });
  }

  /**
   * Every lease and pending request, oldest first, with its status from the
   * local records and the clock; with `chain: true` (default) each granted
   * lease also carries what the chain says.
   */
  async list(options: { chain?: boolean } = {}): Promise<LeaseView[]> {
    const views = this.read((db) => {
      const labels = new Map(store.listRequesters(db).map((r) => [r.address, r.label]));
      const leases = store.listLeases(db);
      const withLease = new Set(leases.map((l) => l.request_digest));
      const requests = new Map(store.listRequests(db).map((r) => [r.digest, r]));
      const out: LeaseView[] = [];
      for (const row of leases) {
        const request = requests.get(row.request_digest)!;
        out.push(this.view(row, request, labels.get(request.requester) ?? null));
      }
      for (const request of requests.values()) {
        if (request.status === 'pending' && !withLease.has(request.digest)) {
          out.push(this.pendingView(request, labels.get(request.requester) ?? null));
        }
      }
      return out;
    });
    if (options.chain ?? true) {
      for (const v of views) {
        if (v.leaseId === null) continue;
        const row = this.read((db) => store.getLeaseByDigest(db, v.id))!;
        if (row.chain_id !== this.chain.chainId || row.contract !== this.chain.contract) continue;
        const onChain = await readLease(this.chain.ctx, BigInt(v.leaseId));
        v.chainStatus = onChain && onChain.requestDigest === v.id ? onChain.status : 'none';
      }
    }
    return views;
  }

  /** One lease by on-chain id (decimal) or request id. */
  get(ref: string | bigint): LeaseView {
    return this.getView(this.leaseRow(ref).request_digest);
  }

  private leaseRow(ref: string | bigint): LeaseRow {
    const text = typeof ref === 'bigint' ? ref.toString() : ref;
    const row = this.read((db) =>
      DIGEST.test(text)
        ? store.getLeaseByDigest(db, text.toLowerCase())
        : /^[0-9]{1,78}$/.test(text)
          ? store.getLeaseById(db, this.chain.chainId, this.chain.contract, BigInt(text).toString())
          : undefined,
    );
    if (!row) throw new LeaseNotFoundError(text.length > 80 ? `${text.slice(0, 77)}...` : text);
    return row;
  }

  /** Ends an active lease now; the owner is paid the elapsed share and the requester refunded the rest. */
  revoke(ref: string | bigint): Promise<LeaseView> {
    return this.serial(() => this.doRevoke(ref));
  }

  private async doRevoke(ref: string | bigint): Promise<LeaseView> {
    const row = this.leaseRow(ref);
    const status = this.localStatus(row);
    const shown = row.lease_id ?? row.request_digest;
    if ((status !== 'active' && status !== 'revoking') || row.lease_id === null) throw new LeaseNotActiveError(shown, status);
    if (status === 'active') {
      // Access stops here, before anything is sent: a revoke that times out must not keep data flowing.
      this.write((db) => {
        store.updateLease(db, row.request_digest, { state: 'revoking', revoke_tx: null }, this.now());
        this.log({ type: 'lease.revoke-submitted', subject: row.request_digest, data: { leaseId: row.lease_id } });
      });
    }
    const revoking = this.read((db) => store.getLeaseByDigest(db, row.request_digest))!;
    if (revoking.revoke_tx) {
      const sent = await lookUpTransaction(this.chain, revoking.revoke_tx);
      if (sent.kind === 'pending') {
        throw new RevokeUnconfirmedError({ details: revoking.revoke_tx });
      }
    }
    let result;
    try {
      result = await revokeLease(this.chain.ctx, BigInt(row.lease_id), {
        onSigned: (hash) => this.write((db) => store.updateLease(db, row.request_digest, { revoke_tx: hash }, this.now())),
      });
    } catch (e) {
      const mapped = mapChainError(e);
      if (mapped instanceof DataLeaseRevertError && (mapped.reason === 'LeaseNotActive' || mapped.reason === 'LeaseClosed')) {
        // Expired, or closed on the chain already: the chain's view wins (reconcile records it).
        this.write((db) => store.updateLease(db, row.request_digest, { state: 'active' }, this.now()));
        await this.doReconcile();
        throw new LeaseNotActiveError(shown, this.localStatus(this.leaseRow(row.request_digest)), { cause: mapped });
      }
      if (mapped instanceof TransactionUnconfirmedError) throw new RevokeUnconfirmedError({ cause: mapped, details: mapped.transactionHash });
      // Anything else: the lease stays `revoking` (no access); reconcile sends the revoke again.
      this.write((db) => store.updateLease(db, row.request_digest, { note: `the revoke could not be sent yet: ${mapped.shortMessage}` }, this.now()));
      throw mapped;
    }
    this.recordRevoke(row, result.transactionHash, result.time, result.ownerAmount, result.requesterRefund, false);
    this.rescheduleSoon();
    return this.getView(row.request_digest);
  }

  /** Reconcile of a lease left `revoking` that the chain still has active: wait for the revoke sent, or send it again. */
  private async finishRevoke(row: LeaseRow, report: ReconcileReport): Promise<void> {
    try {
      await this.doRevoke(row.request_digest);
      report.updated.push(row.lease_id!);
    } catch (e) {
      if (e instanceof RevokeUnconfirmedError) {
        report.unconfirmed.push({ id: row.request_digest, txHash: this.read((db) => store.getLeaseByDigest(db, row.request_digest))?.revoke_tx ?? null, reason: e.shortMessage });
        return;
      }
      if (e instanceof LeaseNotActiveError) return;
      report.unconfirmed.push({ id: row.request_digest, txHash: null, reason: mapChainError(e).shortMessage });
    }
  }

  private recordRevoke(row: LeaseRow, tx: Hash, time: bigint, ownerPaid: bigint, refunded: bigint, reconciled: boolean): void {
    this.write((db) => {
      store.updateLease(
        db,
        row.request_digest,
        { state: 'revoked', revoke_tx: tx, revoked_at: secondsToMs(time), owner_paid: ownerPaid.toString(), refunded: refunded.toString(), note: null },
        this.now(),
      );
      const data = { leaseId: row.lease_id, txHash: tx, time: time.toString(), ownerPaid: ownerPaid.toString(), refunded: refunded.toString() };
      this.log(
        reconciled
          ? { type: 'lease.reconciled', subject: row.request_digest, data: { action: 'revoked-on-chain', ...data } }
          : { type: 'lease.revoked', subject: row.request_digest, data },
      );
    });
  }

  private recordSettle(row: LeaseRow, tx: Hash | null, time: bigint, ownerPaid: bigint, reconciled: boolean): void {
    this.write((db) => {
      store.updateLease(
        db,
        row.request_digest,
        { state: 'settled', settle_tx: tx, settled_at: secondsToMs(time), owner_paid: ownerPaid.toString(), refunded: '0' },
        this.now(),
      );
      const data = { leaseId: row.lease_id, txHash: tx, time: time.toString(), ownerPaid: ownerPaid.toString() };
      this.log(
        reconciled
          ? { type: 'lease.reconciled', subject: row.request_digest, data: { action: 'settled-on-chain', ...data } }
          : { type: 'lease.settled', subject: row.request_digest, data },
      );
    });
  }

  private markExpired(row: LeaseRow): void {
    this.write((db) => {
      store.updateLease(db, row.request_digest, { state: 'expired' }, this.now());
      this.log({ type: 'lease.expired', subject: row.request_digest, data: { leaseId: row.lease_id, expiresAt: row.expires_at } });
    });
  }

  /**
   * Data access gate for the training runner: returns the lease's grant when
   * lease `leaseId` is active now and covers `datasetKind` at `timeMs`;
   * throws LeaseAccessDeniedError otherwise. Local records only (fast,
   * synchronous); revocation and expiry update them as they happen.
   */
  requireActiveLease(leaseId: string | bigint, datasetKind: string, timeMs: number): ActiveLeaseGrant {
    let row: LeaseRow;
    try {
      row = this.leaseRow(leaseId);
    } catch (e) {
      throw new LeaseAccessDeniedError('lease-not-active', 'There is no such lease.', { cause: e });
    }
    const status = this.localStatus(row);
    if (status !== 'active' || row.lease_id === null || row.expires_at === null) {
      throw new LeaseAccessDeniedError('lease-not-active', `Lease ${row.lease_id ?? row.request_digest} is not active (it is ${status}).`);
    }
    const datasets = JSON.parse(row.datasets) as string[];
    if (!datasets.includes(datasetKind)) {
      throw new LeaseAccessDeniedError('dataset-not-in-lease', `Lease ${row.lease_id} does not cover this dataset.`);
    }
    const from = BigInt(row.data_from) * 1000n;
    const to = BigInt(row.data_to) * 1000n + 999n;
    if (!Number.isFinite(timeMs) || BigInt(Math.floor(timeMs)) < from || BigInt(Math.floor(timeMs)) > to) {
      throw new LeaseAccessDeniedError('time-outside-lease', `Lease ${row.lease_id} does not cover records from this time.`);
    }
    const request = this.read((db) => store.getRequest(db, row.request_digest))!;
    return {
      leaseId: row.lease_id,
      id: row.request_digest,
      requester: request.requester,
      datasets,
      dataFrom: BigInt(row.data_from),
      dataTo: BigInt(row.data_to),
      expiresAt: row.expires_at,
    };
  }

  // ---------------------------------------------------------------- expiry

  /** Marks leases whose time is up as expired and settles expired leases on the chain. */
  tick(): Promise<TickResult> {
    this.ticking ??= this.serial(() => this.doTick()).finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async doTick(): Promise<TickResult> {
    const result: TickResult = { expired: [], settled: [], failed: [] };
    const now = this.now();
    const mine = (r: LeaseRow) => r.chain_id === this.chain.chainId && r.contract === this.chain.contract && r.lease_id !== null;
    for (const row of this.read((db) => store.listLeasesInState(db, ['active']))) {
      if (mine(row) && row.expires_at !== null && now >= row.expires_at) {
        this.markExpired(row);
        result.expired.push(row.lease_id!);
      }
    }
    for (const row of this.read((db) => store.listLeasesInState(db, ['expired']))) {
      if (!mine(row)) continue;
      try {
        const settled = await settleLease(this.chain.ctx, BigInt(row.lease_id!));
        this.recordSettle(row, settled.transactionHash, settled.time, settled.ownerAmount, false);
        result.settled.push(row.lease_id!);
      } catch (e) {
        const mapped = mapChainError(e);
        if (mapped instanceof DataLeaseRevertError && mapped.reason === 'LeaseClosed') {
          await this.reconcileLease(row, { found: [], resubmitted: [], updated: [], missing: [], unconfirmed: [] });
        } else if (!(mapped instanceof DataLeaseRevertError && mapped.reason === 'LeaseNotExpired')) {
          result.failed.push({ leaseId: row.lease_id!, error: mapped });
        }
      }
    }
    return result;
  }

  /**
   * Runs tick() when the next lease expires (setTimeout on the injected
   * clock's distance to it), and every `retryMs` while an expired lease is
   * still unsettled. The timer does not keep the process alive.
   */
  startScheduler(options: { onTick?: (r: TickResult) => void; onError?: (e: unknown) => void; retryMs?: number } = {}): void {
    this.schedulerOptions = { retryMs: 30_000, ...options };
    this.arm();
  }

  stopScheduler(): void {
    this.schedulerOptions = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private rescheduleSoon(): void {
    if (this.schedulerOptions) this.arm();
  }

  private arm(): void {
    const opts = this.schedulerOptions;
    if (!opts) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { next, unsettled } = this.read((db) => ({
      next: store.nextExpiry(db),
      unsettled: store.listLeasesInState(db, ['expired']).length > 0,
    }));
    let delay = next === null ? null : Math.max(0, next - this.now());
    if (unsettled) delay = delay === null ? opts.retryMs : Math.min(delay, opts.retryMs);
    if (delay === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick().then(
        (r) => {
          opts.onTick?.(r);
          if (this.schedulerOptions === opts) this.arm();
        },
        (e: unknown) => {
          opts.onError?.(e);
          if (this.schedulerOptions === opts) this.arm();
        },
      );
    }, Math.min(delay, 2 ** 31 - 1));
    this.timer.unref();
  }

  // ---------------------------------------------------------------- reconciliation

  /**
   * Brings the local records and the chain together (run on every start):
   * grants sent but not recorded are looked up by nonce (or re-submitted if
   * never mined); leases the chain lost (state reset) are granted again for
   * their remaining time when the request still allows it, otherwise
   * reported; revocations and settlements made on the chain are recorded.
   */
  reconcile(): Promise<ReconcileReport> {
    return this.serial(() => this.doReconcile());
  }

  private async doReconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { found: [], resubmitted: [], updated: [], missing: [], unconfirmed: [] };
    const rows = this.read((db) => store.listLeasesInState(db, ['submitting', 'unconfirmed', 'active', 'revoking', 'expired', 'missing'])).filter(
      (r) => r.chain_id === this.chain.chainId && r.contract === this.chain.contract,
    );
    // First drop ids the chain no longer knows, so a re-submitted lease can take a reused id.
    const lost: LeaseRow[] = [];
    for (const row of rows) {
      if (row.lease_id === null) continue;
      const onChain = await readLease(this.chain.ctx, BigInt(row.lease_id));
      if (!this.isOurs(onChain, row)) {
        this.write((db) => store.updateLease(db, row.request_digest, { lease_id: null, note: `lease ${row.lease_id} is gone from the chain` }, this.now()));
        lost.push({ ...row, lease_id: null });
      }
    }
    for (const row of rows) {
      const current = this.read((db) => store.getLeaseByDigest(db, row.request_digest))!;
      await this.reconcileLease(current, report, lost.some((l) => l.request_digest === row.request_digest));
    }
    return report;
  }

  private isOurs(onChain: OnChainLease | null, row: LeaseRow): onChain is OnChainLease {
    return (
      onChain !== null &&
      onChain.requestDigest.toLowerCase() === row.request_digest.toLowerCase() &&
      onChain.owner.toLowerCase() === this.chain.account.address.toLowerCase()
    );
  }

  private async reconcileLease(row: LeaseRow, report: ReconcileReport, wasLost = false): Promise<void> {
    const request = this.read((db) => store.getRequest(db, row.request_digest))!;
    const message = messageOf(request);
    if (row.lease_id !== null) {
      const onChain = await readLease(this.chain.ctx, BigInt(row.lease_id));
      if (this.isOurs(onChain, row)) {
        await this.catchUp(row, onChain, report);
        return;
      }
    }
    // Not (or no longer) known by id: did the nonce get used by our grant? (nonce + owner)
    const byNonce = await findLeaseByNonce(this.chain.ctx, message.requester, message.nonce);
    if (byNonce !== null) {
      const onChain = await readLease(this.chain.ctx, byNonce);
      if (this.isOurs(onChain, row)) {
        const g = await this.grantFacts(onChain);
        this.recordGrant(row.request_digest, g, 'found');
        report.found.push(byNonce.toString());
        await this.catchUp(this.read((db) => store.getLeaseByDigest(db, row.request_digest))!, onChain, report);
        return;
      }
      this.markMissing(row, report, 'its nonce was used by a lease this wallet did not grant');
      return;
    }
    const neverGranted = row.state === 'submitting' || row.state === 'unconfirmed';
    // A grant (or its commit) we sent and the node still holds: wait for it, never send a second one.
    if (neverGranted) {
      for (const [step, hash] of [['grant', row.grant_tx], ['commit', row.commit_tx]] as const) {
        if (!hash) continue;
        const sent = await lookUpTransaction(this.chain, hash);
        if (sent.kind === 'pending') {
          const reason = `the ${step} transaction ${hash} is still waiting to be mined`;
          this.write((db) => store.updateLease(db, row.request_digest, { state: 'unconfirmed', note: reason }, this.now()));
          report.unconfirmed.push({ id: row.request_digest, txHash: hash, reason });
          return;
        }
        if (step === 'grant' && sent.kind === 'mined' && sent.granted && sent.granted.requestDigest.toLowerCase() === row.request_digest.toLowerCase()) {
          // Mined by hash, though its nonce reads as unused (a node behind): record what the receipt says.
          this.recordGrant(row.request_digest, sent.granted, 'found');
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
        const left = BigInt(Math.floor((row.expires_at - this.now()) / 1000));
        if (left < 1n) {
          this.markMissing(row, report, 'the chain lost it and its time was up');
          return;
        }
        duration = left < duration ? left : duration;
      }
    }
    if (BigInt(Math.floor(this.now() / 1000)) > message.deadline && !neverGranted) {
      this.markMissing(row, report, 'the chain does not have it and the request deadline has passed, so it cannot be granted again');
      return;
    }
    // A shorter duration is a new commitment (the commitment binds the duration), with the same salt.
    try {
      const g = await sendCommittedGrant(this.chain, row, message, request.signature, this.saltOf(row), this.recorder(row.request_digest), duration);
      this.recordGrant(row.request_digest, g, 'resubmitted');
      report.resubmitted.push({ id: row.request_digest, leaseId: g.leaseId.toString() });
    } catch (e) {
      const mapped = mapChainError(e);
      if (mapped instanceof TransactionUnconfirmedError) {
        if (neverGranted) this.markUnconfirmed(row.request_digest, mapped);
        report.unconfirmed.push({ id: row.request_digest, txHash: mapped.transactionHash, reason: mapped.shortMessage });
        return;
      }
      if (neverGranted && (mapped instanceof DataLeaseRevertError || mapped instanceof ChainTransactionError)) {
        // The chain refused the grant outright and holds no lease for this request: the approval did not happen.
        const reason = `the grant never reached the chain and could not be sent again: ${mapped.shortMessage}`;
        this.undoApproval(row.request_digest, reason, true);
        report.missing.push({ id: row.request_digest, leaseId: null, reason });
        return;
      }
      if (neverGranted) {
        // The chain did not answer: keep everything and try again on the next reconcile.
        report.unconfirmed.push({ id: row.request_digest, txHash: row.grant_tx, reason: mapped.shortMessage });
        return;
      }
      this.markMissing(row, report, `granting it again failed: ${mapped.shortMessage}`);
    }
  }

  private markMissing(row: LeaseRow, report: ReconcileReport, reason: string): void {
    this.write((db) => {
      store.updateLease(db, row.request_digest, { state: 'missing', lease_id: null, note: reason }, this.now());
      if (row.state !== 'missing' || row.note !== reason) {
        this.log({ type: 'lease.reconciled', subject: row.request_digest, data: { action: 'missing', reason } });
      }
    });
    report.missing.push({ id: row.request_digest, leaseId: null, reason });
  }

  /** Applies what the chain knows (revoked / settled / expired) to a lease it has. */
  private async catchUp(row: LeaseRow, onChain: OnChainLease, report: ReconcileReport): Promise<void> {
    if (onChain.status === 'revoked' && row.state !== 'revoked') {
      const [event] = await this.events('Revoked', onChain.id);
      const args = event?.args as { time: bigint; ownerAmount: bigint; requesterRefund: bigint } | undefined;
      this.recordRevoke(row, event?.transactionHash ?? ('0x' as Hash), args?.time ?? onChain.chainTime, args?.ownerAmount ?? 0n, args?.requesterRefund ?? 0n, true);
      report.updated.push(onChain.id.toString());
    } else if (onChain.status === 'settled' && row.state !== 'settled') {
      const [event] = await this.events('Settled', onChain.id);
      const args = event?.args as { time: bigint; ownerAmount: bigint } | undefined;
      this.recordSettle(row, event?.transactionHash ?? null, args?.time ?? onChain.chainTime, args?.ownerAmount ?? onChain.price, true);
      report.updated.push(onChain.id.toString());
    } else if (row.state === 'revoking' && onChain.status === 'active') {
      await this.finishRevoke(row, report);
    } else if (row.state === 'revoking' && onChain.status === 'expired') {
      // Its time ran out before the revoke was mined: it is settled in full like any expired lease.
      this.write((db) => store.updateLease(db, row.request_digest, { state: 'expired', note: 'it expired before the revoke was mined' }, this.now()));
      report.updated.push(onChain.id.toString());
    } else if (row.state === 'missing' || row.state === 'submitting' || row.state === 'unconfirmed') {
      this.recordGrant(row.request_digest, await this.grantFacts(onChain), 'found');
      report.found.push(onChain.id.toString());
    }
  }

  private async events(eventName: 'Granted' | 'Revoked' | 'Settled', id: bigint) {
    try {
      return await this.chain.ctx.publicClient.getContractEvents({
        address: this.chain.contract,
        abi: dataLeaseAbi,
        eventName,
        args: { id },
        fromBlock: 0n,
      });
    } catch (e) {
      throw mapChainError(e);
    }
  }

  private async grantFacts(onChain: OnChainLease): Promise<GrantLeaseReturnType> {
    const [event] = await this.events('Granted', onChain.id);
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

  // ---------------------------------------------------------------- receipts

  /** The consent receipt of a decided request (by request id or lease id). */
  receipt(ref: string) {
    const { request, lease } = this.read((db) => {
      let request: RequestRow | undefined;
      let lease: LeaseRow | undefined;
      if (DIGEST.test(ref)) {
        request = store.getRequest(db, ref.toLowerCase());
        lease = store.getLeaseByDigest(db, ref.toLowerCase());
      } else if (/^[0-9]{1,78}$/.test(ref)) {
        lease = store.getLeaseById(db, this.chain.chainId, this.chain.contract, BigInt(ref).toString());
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
      principal: this.chain.account.address,
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

  // ---------------------------------------------------------------- requesters

  listRequesters(): RequesterView[] {
    return this.read((db) => store.listRequesters(db)).map((r) => ({ address: r.address, label: r.label, blocked: r.blocked === 1 }));
  }

  /** Names a requester for later prompts (null clears the label). */
  labelRequester(address: string, label: string | null): RequesterView {
    const addr = this.address(address);
    if (label !== null && (label.trim().length === 0 || label.length > 80 || displayTextProblem(label) !== null)) {
      throw new RequesterLabelError();
    }
    return this.write((db) => {
      const row = store.getRequester(db, addr);
      const next = { address: addr, label, blocked: row?.blocked ?? 0, updated_at: this.now() } as const;
      store.upsertRequester(db, next);
      return { address: addr, label, blocked: next.blocked === 1 };
    });
  }

  blockRequester(address: string): RequesterView {
    return this.setBlocked(address, true);
  }

  unblockRequester(address: string): RequesterView {
    return this.setBlocked(address, false);
  }

  private setBlocked(address: string, blocked: boolean): RequesterView {
    const addr = this.address(address);
    return this.write((db) => {
      const row = store.getRequester(db, addr);
      store.upsertRequester(db, { address: addr, label: row?.label ?? null, blocked: blocked ? 1 : 0, updated_at: this.now() });
      this.log({ type: blocked ? 'requester.blocked' : 'requester.unblocked', subject: addr, data: { requester: addr } });
      return { address: addr, label: row?.label ?? null, blocked };
    });
  }

  private address(address: string): Address {
    if (!isAddress(address, { strict: false })) throw new RequesterLabelError('address');
    return getAddress(address);
  }
}

