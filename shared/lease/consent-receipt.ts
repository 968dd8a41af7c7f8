/**
 * Consent receipts: a JSON record of one decision on a lease request that
 * the user can export and show to anyone, to prove what they agreed to (or
 * refused), on which terms, and when it ended.
 *
 * Modelled on the Kantara Initiative Consent Receipt Specification v1.1.0
 * (KI-CR-v1.1.0) and ISO/IEC TS 27560:2023 (consent record information
 * structure), with W3C DPV terms as the DPV-27560 guide uses them. Field
 * mapping (ours → Kantara v1.1 / ISO 27560 / DPV):
 *
 * | ours                          | Kantara v1.1                 | ISO/IEC TS 27560          | DPV                          |
 * |-------------------------------|------------------------------|---------------------------|------------------------------|
 * | version                       | version                      | schema version            | dct:conformsTo               |
 * | receiptId                     | consentReceiptID             | receipt id                | dct:identifier               |
 * | timestamp                     | consentTimestamp             | event time                | dct:date                     |
 * | jurisdiction                  | jurisdiction                 | jurisdiction              | dpv:hasJurisdiction          |
 * | language                      | language                     | language                  | dct:language                 |
 * | collectionMethod              | collectionMethod             | collection method         | —                            |
 * | consentType                   | purposes[].consentType       | event type                | dpv:ExplicitlyExpressedConsent |
 * | principal.address             | piiPrincipalId               | pii principal id          | dpv:hasDataSubject           |
 * | controllers[]                 | piiControllers[]             | pii controllers / party   | dpv:hasDataController        |
 * | services[].service            | services[].service           | service                   | dpv:hasService               |
 * | services[].purposes[].purpose | purposes[].purpose/Category  | purpose / purpose type    | dpv:hasPurpose               |
 * | …purposes[].dataCategories    | purposes[].piiCategory       | pii information / type    | dpv:hasPersonalData          |
 * | requested / granted           | purposes[].termination       | validity duration         | dpv:hasDuration              |
 * | decision, consentStatus       | (implied)                    | event state               | dpv:hasConsentStatus         |
 * | lease.expiresAt               | termination                  | validity duration         | dct:valid                    |
 * | revocation                    | —                            | event (withdrawn)         | dpv:ConsentWithdrawn         |
 * | integrity                     | publicKey (signing)          | (receipt integrity)       | —                            |
 *
 * Departures from Kantara, on purpose: the principal is the wallet's account
 * address (no name or email leaves the device); the controller is the
 * requester, identified by the address that signed the request; there is no
 * policyUrl (the signed request is the notice); the terms carry what the
 * protocol adds (time range of the data, lease duration, price, privacy
 * budget); and `integrity` lets a third party check the requester asked for
 * exactly this.
 *
 * Units: terms are exactly as signed — unix seconds (dataFrom, dataTo,
 * deadline), seconds (duration), the payment token's smallest unit as decimal
 * strings (price; `requested.token` names the token, the zero address for the
 * native currency, whose unit is wei). Events are
 * ISO 8601 UTC (timestamp, lease start/expiry, revocation).
 *
 * Checking a receipt: `ConsentReceipt.parse` checks shape and consistency;
 * `verifyConsentReceipt` recomputes the EIP-712 digest from the embedded
 * signed request and checks the requester's signature on it.
 */
import { getAddress, isAddressEqual, type Hex } from 'viem';
import { z } from 'zod';
import { hashLeaseRequest, LEASE_DOMAIN_VERSION } from './eip712.js';
import { addressString, LEASE_REQUEST_LIMITS, LeaseRequestJson, leaseRequestFromJson, tokenAddressString, uintString } from './request.js';
import { signatureString, verifyLeaseRequestSignature } from './signature.js';

/** Version 2: the requested terms name the payment token (lease protocol version 2). */
export const CONSENT_RECEIPT_VERSION = 'data-wallet-consent-receipt/2' as const;
export const CONSENT_COLLECTION_METHOD = 'data-wallet-consent-prompt' as const;

const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const hex32 = z.string().regex(HEX32, 'must be 0x followed by 32 bytes of hex');
const isoTime = z.iso.datetime();
/** Unix seconds, as a JS number (what the wallet handles; uint64 on-chain). */
const unixSeconds = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const wei = uintString(256);
const text = (min: number, max: number) => z.string().min(min).max(max);
const datasetKinds = z
  .array(text(1, LEASE_REQUEST_LIMITS.datasetKind))
  .min(1)
  .max(LEASE_REQUEST_LIMITS.datasets)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'must not list a dataset kind twice');

/** What was asked for or granted: the narrowable part of a request. */
export const ConsentTerms = z.strictObject({
  /** Dataset kinds (the data categories). */
  datasets: datasetKinds,
  /** Earliest record time in scope, unix seconds. */
  dataFrom: unixSeconds,
  /** Latest record time in scope, unix seconds. */
  dataTo: unixSeconds,
  /** Lease length, seconds. */
  duration: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Price for the whole lease in the payment token's smallest unit, decimal string. */
  price: wei,
});
export type ConsentTerms = z.infer<typeof ConsentTerms>;

export const RequestedTerms = ConsentTerms.extend({
  /** The payment token (checksummed); the zero address is the native currency. */
  token: tokenAddressString,
  /** Differential-privacy budget ε × 1000 for the whole lease. */
  maxEpsilonMilli: z.number().int().nonnegative().max(2 ** 32 - 1),
  /** The request's nonce, decimal string. */
  nonce: uintString(256),
  /** Unix seconds after which the request could no longer be granted. */
  deadline: unixSeconds,
});
export type RequestedTerms = z.infer<typeof RequestedTerms>;

export const CONSENT_STATUSES = ['dpv:ConsentGiven', 'dpv:ConsentRefused', 'dpv:ConsentWithdrawn'] as const;

export const ConsentReceipt = z
  .strictObject({
    version: z.literal(CONSENT_RECEIPT_VERSION),
    /** Unique per receipt, chosen by the issuer (a UUID or a URN). */
    receiptId: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters without spaces'),
    /** When the user decided (ISO 8601 UTC). */
    timestamp: isoTime,
    /** Where the decision was made, if the user set it (e.g. an ISO 3166 code). */
    jurisdiction: text(1, 64).optional(),
    language: z.literal('en'),
    collectionMethod: z.literal(CONSENT_COLLECTION_METHOD),
    consentType: z.literal('dpv:ExplicitlyExpressedConsent'),
    /** The data subject, as the wallet's account address. */
    principal: z.strictObject({ address: addressString }),
    /** The requester: the name it gave and the address that signed the request. */
    controllers: z.array(z.strictObject({ name: text(1, LEASE_REQUEST_LIMITS.requesterName), address: addressString })).length(1),
    services: z
      .array(
        z.strictObject({
          /** The requester's description of what it does with the data. */
          service: text(0, LEASE_REQUEST_LIMITS.description),
          purposes: z
            .array(
              z.strictObject({
                /** The DPV purpose term as the requester sent it. */
                purpose: text(1, LEASE_REQUEST_LIMITS.purpose),
                /** DPV's label, or null when Data Wallet does not know the term. */
                purposeLabel: text(1, 120).nullable(),
                /** The term's IRI for `dpv:` terms, else null. */
                purposeIri: z.url().nullable(),
                primaryPurpose: z.literal(true),
                /** The dataset kinds consent covers: the granted ones when approved, the requested ones when declined. */
                dataCategories: datasetKinds,
              }),
            )
            .length(1),
        }),
      )
      .length(1),
    decision: z.enum(['approved', 'declined']),
    /** The state of consent as of this receipt. */
    consentStatus: z.enum(CONSENT_STATUSES),
    /** The terms as the requester signed them. */
    requested: RequestedTerms,
    /** The terms the user approved (approved only). */
    granted: ConsentTerms.optional(),
    /** True when the user granted less than was asked. */
    narrowed: z.boolean(),
    /** The lease on-chain (approved only). */
    lease: z
      .strictObject({
        chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        contract: addressString,
        leaseId: uintString(256),
        grantTxHash: hex32,
        startsAt: isoTime,
        expiresAt: isoTime,
      })
      .optional(),
    /** The user's later revocation (withdrawal of consent). */
    revocation: z
      .strictObject({
        at: isoTime,
        txHash: hex32,
        /** Wei paid to the owner for the time used, decimal string. */
        ownerPaid: wei,
        /** Wei returned to the requester, decimal string. */
        refunded: wei,
      })
      .optional(),
    integrity: z.strictObject({
      scheme: z.literal('eip712'),
      domain: z.strictObject({
        name: z.literal('DataWallet'),
        version: z.literal(LEASE_DOMAIN_VERSION),
        chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        verifyingContract: addressString,
      }),
      /** The EIP-712 digest of the request (its id). */
      requestDigest: hex32,
      /** The requester's signature over that digest. */
      requesterSignature: signatureString,
      /** The whole signed request, so anyone can recompute the digest; absent when the wallet no longer had it. */
      signedRequest: LeaseRequestJson.optional(),
    }),
  })
  .superRefine((r, ctx) => {
    const fail = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    // Field checks above may have failed; only check relations between fields that have the right shape.
    const approved = r.decision === 'approved';
    const expectedStatus = !approved ? 'dpv:ConsentRefused' : r.revocation ? 'dpv:ConsentWithdrawn' : 'dpv:ConsentGiven';
    if (r.consentStatus !== expectedStatus) fail(['consentStatus'], `must be ${expectedStatus} for this decision`);
    if (approved && (!r.granted || !r.lease)) fail(approved && !r.granted ? ['granted'] : ['lease'], 'is required when approved');
    if (!approved) {
      for (const key of ['granted', 'lease', 'revocation'] as const) if (r[key] !== undefined) fail([key], 'must be absent when declined');
    }
    if (typeof r.requested !== 'object' || r.requested === null) return;
    if (r.requested.dataFrom > r.requested.dataTo) fail(['requested', 'dataTo'], 'must not be before dataFrom');
    const effective = r.granted ?? r.requested;
    if (r.granted) {
      const g = r.granted;
      const q = r.requested;
      if (g.dataFrom > g.dataTo) fail(['granted', 'dataTo'], 'must not be before dataFrom');
      if (!g.datasets.every((d) => q.datasets.includes(d))) fail(['granted', 'datasets'], 'must be among the requested datasets');
      if (g.dataFrom < q.dataFrom || g.dataTo > q.dataTo) fail(['granted', 'dataFrom'], 'must lie within the requested time range');
      if (g.duration > q.duration) fail(['granted', 'duration'], 'must not exceed the requested duration');
      if (isDecimal(g.price) && isDecimal(q.price) && BigInt(g.price) > BigInt(q.price)) {
        fail(['granted', 'price'], 'must not exceed the requested price');
      }
      const same =
        g.datasets.length === q.datasets.length &&
        g.dataFrom === q.dataFrom &&
        g.dataTo === q.dataTo &&
        g.duration === q.duration &&
        g.price === q.price;
      if (r.narrowed === same) fail(['narrowed'], same ? 'must be false when granted equals requested' : 'must be true when less was granted');
    } else if (r.narrowed) {
      fail(['narrowed'], 'must be false when nothing was granted');
    }
    const categories = r.services?.[0]?.purposes?.[0]?.dataCategories;
    if (categories && Array.isArray(effective.datasets) && !sameList(categories, effective.datasets)) {
      fail(['services', 0, 'purposes', 0, 'dataCategories'], 'must equal the granted (or, when declined, requested) datasets');
    }
    if (r.lease && r.integrity?.domain) {
      if (r.lease.chainId !== r.integrity.domain.chainId) fail(['lease', 'chainId'], 'must equal the signing domain chain id');
      if (!sameAddress(r.lease.contract, r.integrity.domain.verifyingContract)) fail(['lease', 'contract'], 'must equal the signing domain contract');
      if (Date.parse(r.lease.startsAt) > Date.parse(r.lease.expiresAt)) fail(['lease', 'expiresAt'], 'must not be before startsAt');
    }
    const signed = r.integrity?.signedRequest;
    if (signed) {
      const q = r.requested;
      const controller = r.controllers?.[0];
      const purpose = r.services?.[0]?.purposes?.[0]?.purpose;
      const matches =
        (!controller || (sameAddress(signed.requester, controller.address) && signed.requesterName === controller.name)) &&
        (purpose === undefined || signed.purpose === purpose) &&
        sameList(signed.datasets, q.datasets) &&
        signed.dataFrom === String(q.dataFrom) &&
        signed.dataTo === String(q.dataTo) &&
        signed.duration === String(q.duration) &&
        signed.token === q.token &&
        signed.price === q.price &&
        signed.maxEpsilonMilli === String(q.maxEpsilonMilli) &&
        signed.nonce === q.nonce &&
        signed.deadline === String(q.deadline);
      if (!matches) fail(['integrity', 'signedRequest'], 'must match the requester, purpose and requested terms');
    }
  });
export type ConsentReceipt = z.infer<typeof ConsentReceipt>;

function isDecimal(v: unknown): v is string {
  return typeof v === 'string' && /^(0|[1-9][0-9]{0,77})$/.test(v);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameAddress(a: string, b: string): boolean {
  try {
    return isAddressEqual(getAddress(a), getAddress(b));
  } catch {
    return false;
  }
}

export type ConsentReceiptCheck =
  | { ok: true }
  | { ok: false; reason: 'invalid' | 'no-signed-request' | 'digest-mismatch' | 'bad-signature'; message: string };

/**
 * What a third party does with a receipt: checks its shape, recomputes the
 * EIP-712 digest from the embedded signed request and domain, and checks the
 * requester's signature on it. `ok` means: this requester signed exactly
 * these requested terms for this chain and contract. (Whether the lease
 * exists on-chain is a separate look-up of `lease.leaseId`.)
 */
export async function verifyConsentReceipt(receipt: unknown): Promise<ConsentReceiptCheck> {
  const parsed = ConsentReceipt.safeParse(receipt);
  if (!parsed.success) return { ok: false, reason: 'invalid', message: 'This is not a valid Data Wallet consent receipt.' };
  const { integrity } = parsed.data;
  if (!integrity.signedRequest) {
    return { ok: false, reason: 'no-signed-request', message: 'The receipt does not include the signed request, so its signature cannot be checked.' };
  }
  const domain = { chainId: integrity.domain.chainId, verifyingContract: getAddress(integrity.domain.verifyingContract) };
  const message = leaseRequestFromJson(integrity.signedRequest);
  if (hashLeaseRequest(domain, message).toLowerCase() !== integrity.requestDigest.toLowerCase()) {
    return { ok: false, reason: 'digest-mismatch', message: 'The request digest does not match the signed request in the receipt.' };
  }
  const valid = await verifyLeaseRequestSignature({ ...domain, message, signature: integrity.requesterSignature as Hex });
  if (!valid) return { ok: false, reason: 'bad-signature', message: 'The requester did not sign this request.' };
  return { ok: true };
}
