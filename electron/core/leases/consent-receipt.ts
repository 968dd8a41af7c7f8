/**
 * Builds the consent receipt of one decision (shared/lease/consent-receipt.ts
 * documents the format and its mapping to Kantara CR v1.1 and ISO/IEC TS
 * 27560). Pure: the lease service gathers the facts from its tables and the
 * chain; this turns them into a receipt that validates against the
 * `ConsentReceipt` schema, or throws ConsentReceiptFactsError naming the
 * field that does not fit (never its value).
 */
import { getAddress, isAddress } from 'viem';
import {
  CONSENT_COLLECTION_METHOD,
  CONSENT_RECEIPT_VERSION,
  ConsentReceipt,
  type ConsentTerms,
} from '../../../shared/lease/consent-receipt.js';
import { hashLeaseRequest, LEASE_DOMAIN_NAME, LEASE_DOMAIN_VERSION } from '../../../shared/lease/eip712.js';
import { dpvPurposeIri, dpvPurposeLabel } from '../../../shared/lease/purposes.js';
import { LeaseRequestJson, leaseRequestFromJson, safeFieldPath } from '../../../shared/lease/request.js';
import { WalletError, type WalletErrorContext } from '../errors.js';

export interface ConsentDecisionFacts {
  /** EIP-712 digest of the request. */
  requestId: `0x${string}`;
  signature: `0x${string}`;
  decision: 'approved' | 'declined';
  /** Unix milliseconds. */
  decidedAt: number;
  /** The wallet account address. */
  principal: `0x${string}`;
  requester: { address: `0x${string}`; name: string };
  /** DPV term as sent. */
  purpose: string;
  description: string;
  chainId: number;
  contract: `0x${string}`;
  /** As signed: times in unix seconds, duration in seconds, price in wei (decimal). */
  requested: {
    datasets: string[];
    dataFrom: number;
    dataTo: number;
    duration: number;
    /** Payment token, checksummed; the zero address for the native currency. */
    token: `0x${string}`;
    price: string;
    maxEpsilonMilli: number;
    nonce: string;
    deadline: number;
    /**
     * The request's task URL. Optional, but with it the receipt embeds the
     * whole signed request, so a third party can recompute the digest and
     * check the signature (verifyConsentReceipt); without it they can only
     * check that the requester signed *a* request with this digest.
     */
    taskUrl?: string;
  };
  /** What was granted on-chain: data range in unix seconds, duration in seconds, price in wei; startsAt/expiresAt in unix milliseconds. */
  granted?: {
    datasets: string[];
    dataFrom: number;
    dataTo: number;
    duration: number;
    price: string;
    leaseId: string;
    txHash: `0x${string}`;
    startsAt: number;
    expiresAt: number;
  };
  /** The revocation: `at` in unix milliseconds, amounts in wei (decimal). */
  revocation?: { at: number; txHash: `0x${string}`; ownerPaid: string; refunded: string };
}

export interface BuildConsentReceiptOptions {
  receiptId: string;
  /** Where the user is, if they set it (e.g. "DE"); left out otherwise. */
  jurisdiction?: string;
}

export type BuildConsentReceiptErrorType = ConsentReceiptFactsError;

/** The facts of a decision do not make a valid receipt: a bug in whoever gathered them. */
export class ConsentReceiptFactsError extends WalletError {
  override readonly name = 'ConsentReceiptFactsError' as const;
  readonly code = 'CONSENT_RECEIPT_FACTS_INVALID' as const;
  constructor(problem: string, params: WalletErrorContext = {}) {
    super(`The consent receipt could not be made: ${problem}.`, {
      ...params,
      hint: 'This is a bug in Data Wallet; the decision itself is recorded and unaffected.',
    });
  }
}

/** 2000-01-01 in unix ms: event times below it are almost surely seconds passed as milliseconds. */
const MIN_EVENT_MS = 946_684_800_000;

function iso(ms: number, field: string): string {
  if (!Number.isSafeInteger(ms) || ms < MIN_EVENT_MS || ms > 8_640_000_000_000_000) {
    throw new ConsentReceiptFactsError(`${field} is not a time in unix milliseconds`);
  }
  return new Date(ms).toISOString();
}

function address(value: string, field: string): `0x${string}` {
  if (!isAddress(value, { strict: false })) throw new ConsentReceiptFactsError(`${field} is not an address`);
  return getAddress(value);
}

function sameTerms(a: ConsentTerms, b: ConsentTerms): boolean {
  return (
    a.datasets.length === b.datasets.length &&
    a.datasets.every((d, i) => d === b.datasets[i]) &&
    a.dataFrom === b.dataFrom &&
    a.dataTo === b.dataTo &&
    a.duration === b.duration &&
    a.price === b.price
  );
}

export function buildConsentReceipt(facts: ConsentDecisionFacts, opts: BuildConsentReceiptOptions): ConsentReceipt {
  const approved = facts.decision === 'approved';
  if (approved && !facts.granted) throw new ConsentReceiptFactsError('an approved decision needs the granted lease');
  if (!approved && (facts.granted || facts.revocation)) throw new ConsentReceiptFactsError('a declined request has no lease or revocation');

  const contract = address(facts.contract, 'contract');
  const requester = address(facts.requester.address, 'requester.address');
  const q = facts.requested;
  const requested = {
    datasets: [...q.datasets],
    dataFrom: q.dataFrom,
    dataTo: q.dataTo,
    duration: q.duration,
    token: address(q.token, 'requested.token'),
    price: q.price,
    maxEpsilonMilli: q.maxEpsilonMilli,
    nonce: q.nonce,
    deadline: q.deadline,
  };
  const g = facts.granted;
  const granted: ConsentTerms | undefined = g && {
    datasets: [...g.datasets],
    dataFrom: g.dataFrom,
    dataTo: g.dataTo,
    duration: g.duration,
    price: g.price,
  };

  let signedRequest: LeaseRequestJson | undefined;
  if (q.taskUrl !== undefined) {
    const candidate = {
      requester,
      requesterName: facts.requester.name,
      purpose: facts.purpose,
      description: facts.description,
      datasets: [...q.datasets],
      dataFrom: String(q.dataFrom),
      dataTo: String(q.dataTo),
      duration: String(q.duration),
      token: address(q.token, 'requested.token'),
      price: q.price,
      maxEpsilonMilli: String(q.maxEpsilonMilli),
      taskUrl: q.taskUrl,
      nonce: q.nonce,
      deadline: String(q.deadline),
    };
    const parsed = LeaseRequestJson.safeParse(candidate);
    if (!parsed.success) {
      throw new ConsentReceiptFactsError(`the requested terms are not a valid lease request (${safeFieldPath(parsed.error.issues[0]?.path ?? [])})`);
    }
    const digest = hashLeaseRequest({ chainId: facts.chainId, verifyingContract: contract }, leaseRequestFromJson(parsed.data));
    if (digest.toLowerCase() !== facts.requestId.toLowerCase()) {
      throw new ConsentReceiptFactsError('the request digest does not match the requested terms');
    }
    signedRequest = parsed.data;
  }

  const receipt = {
    version: CONSENT_RECEIPT_VERSION,
    receiptId: opts.receiptId,
    timestamp: iso(facts.decidedAt, 'decidedAt'),
    ...(opts.jurisdiction === undefined ? {} : { jurisdiction: opts.jurisdiction }),
    language: 'en',
    collectionMethod: CONSENT_COLLECTION_METHOD,
    consentType: 'dpv:ExplicitlyExpressedConsent',
    principal: { address: address(facts.principal, 'principal') },
    controllers: [{ name: facts.requester.name, address: requester }],
    services: [
      {
        service: facts.description,
        purposes: [
          {
            purpose: facts.purpose,
            purposeLabel: dpvPurposeLabel(facts.purpose),
            purposeIri: dpvPurposeIri(facts.purpose),
            primaryPurpose: true,
            dataCategories: [...(granted ?? requested).datasets],
          },
        ],
      },
    ],
    decision: facts.decision,
    consentStatus: !approved ? 'dpv:ConsentRefused' : facts.revocation ? 'dpv:ConsentWithdrawn' : 'dpv:ConsentGiven',
    requested,
    ...(granted ? { granted } : {}),
    narrowed: granted ? !sameTerms(granted, requested) : false,
    ...(g
      ? {
          lease: {
            chainId: facts.chainId,
            contract,
            leaseId: g.leaseId,
            grantTxHash: g.txHash,
            startsAt: iso(g.startsAt, 'granted.startsAt'),
            expiresAt: iso(g.expiresAt, 'granted.expiresAt'),
          },
        }
      : {}),
    ...(facts.revocation
      ? {
          revocation: {
            at: iso(facts.revocation.at, 'revocation.at'),
            txHash: facts.revocation.txHash,
            ownerPaid: facts.revocation.ownerPaid,
            refunded: facts.revocation.refunded,
          },
        }
      : {}),
    integrity: {
      scheme: 'eip712',
      domain: { name: LEASE_DOMAIN_NAME, version: LEASE_DOMAIN_VERSION, chainId: facts.chainId, verifyingContract: contract },
      requestDigest: facts.requestId,
      requesterSignature: facts.signature,
      ...(signedRequest ? { signedRequest } : {}),
    },
  };

  const result = ConsentReceipt.safeParse(receipt);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = safeFieldPath(issue?.path ?? []);
    throw new ConsentReceiptFactsError(`${field || 'the receipt'} ${issue?.code === 'custom' ? issue.message : 'is not valid'}`);
  }
  return result.data;
}
