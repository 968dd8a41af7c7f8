import fc from 'fast-check';
import type { Hex } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConsentReceipt, ConsentReceiptFactsError, type ConsentDecisionFacts } from '../../../electron/core/leases/consent-receipt.js';
import { isWalletError } from '../../../electron/core/errors.js';
import { ConsentReceipt, verifyConsentReceipt } from '../../../shared/lease/consent-receipt.js';
import { hashLeaseRequest, leaseRequestTypedData } from '../../../shared/lease/eip712.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { otherAccount, ownerAccount, requesterAccount, SAMPLE_CONTRACT, SAMPLE_DOMAIN, sampleMessage } from '../../helpers/chain-requests.js';

const DECIDED_AT = Date.UTC(2026, 0, 15, 9, 30);
const GRANT_TX: Hex = `0x${'a1'.repeat(32)}`;
const REVOKE_TX: Hex = `0x${'b2'.repeat(32)}`;

let message: LeaseRequestMessage;
let signature: Hex;
let digest: Hex;

beforeAll(async () => {
  message = sampleMessage();
  signature = await requesterAccount.signTypedData(leaseRequestTypedData(SAMPLE_DOMAIN, message));
  digest = hashLeaseRequest(SAMPLE_DOMAIN, message);
});

/** Facts as the lease service gathers them, for the sample request. */
function facts(overrides: Partial<ConsentDecisionFacts> = {}, withTaskUrl = true): ConsentDecisionFacts {
  return {
    requestId: digest,
    signature,
    decision: 'declined',
    decidedAt: DECIDED_AT,
    principal: ownerAccount.address.toLowerCase() as Hex,
    requester: { address: message.requester, name: message.requesterName },
    purpose: message.purpose,
    description: message.description,
    chainId: SAMPLE_DOMAIN.chainId,
    contract: SAMPLE_CONTRACT,
    requested: {
      datasets: [...message.datasets],
      dataFrom: Number(message.dataFrom),
      dataTo: Number(message.dataTo),
      duration: Number(message.duration),
      token: message.token,
      price: message.price.toString(),
      maxEpsilonMilli: message.maxEpsilonMilli,
      nonce: message.nonce.toString(),
      deadline: Number(message.deadline),
      ...(withTaskUrl ? { taskUrl: message.taskUrl } : {}),
    },
    ...overrides,
  };
}

function approved(granted: Partial<NonNullable<ConsentDecisionFacts['granted']>> = {}): ConsentDecisionFacts {
  const f = facts({ decision: 'approved' });
  return {
    ...f,
    granted: {
      datasets: [...f.requested.datasets],
      dataFrom: f.requested.dataFrom,
      dataTo: f.requested.dataTo,
      duration: f.requested.duration,
      price: f.requested.price,
      leaseId: '1',
      txHash: GRANT_TX,
      startsAt: DECIDED_AT + 12_000,
      expiresAt: DECIDED_AT + 12_000 + 60_000,
      ...granted,
    },
  };
}

describe('buildConsentReceipt', () => {
  it('makes a receipt for a declined request', () => {
    const receipt = buildConsentReceipt(facts(), { receiptId: 'urn:datawallet:receipt:1234:declined' });
    expect(ConsentReceipt.parse(receipt)).toEqual(receipt);
    expect(receipt).toEqual({
      version: 'data-wallet-consent-receipt/2',
      receiptId: 'urn:datawallet:receipt:1234:declined',
      timestamp: '2026-01-15T09:30:00.000Z',
      language: 'en',
      collectionMethod: 'data-wallet-consent-prompt',
      consentType: 'dpv:ExplicitlyExpressedConsent',
      principal: { address: ownerAccount.address },
      controllers: [{ name: 'Sleep Lab, University of Example', address: requesterAccount.address }],
      services: [
        {
          service: message.description,
          purposes: [
            {
              purpose: 'dpv:ResearchAndDevelopment',
              purposeLabel: 'Research and Development',
              purposeIri: 'https://w3id.org/dpv#ResearchAndDevelopment',
              primaryPurpose: true,
              dataCategories: ['HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierHeartRate'],
            },
          ],
        },
      ],
      decision: 'declined',
      consentStatus: 'dpv:ConsentRefused',
      requested: {
        datasets: ['HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierHeartRate'],
        dataFrom: 1_700_000_000,
        dataTo: 1_760_000_000,
        duration: 60,
        token: '0x0000000000000000000000000000000000000000',
        price: '6000',
        maxEpsilonMilli: 3000,
        nonce: '1',
        deadline: 4_000_000_000,
      },
      narrowed: false,
      integrity: {
        scheme: 'eip712',
        domain: { name: 'DataWallet', version: '2', chainId: SAMPLE_DOMAIN.chainId, verifyingContract: SAMPLE_CONTRACT },
        requestDigest: digest,
        requesterSignature: signature,
        signedRequest: {
          requester: requesterAccount.address,
          requesterName: message.requesterName,
          purpose: 'dpv:ResearchAndDevelopment',
          description: message.description,
          datasets: [...message.datasets],
          dataFrom: '1700000000',
          dataTo: '1760000000',
          duration: '60',
          token: '0x0000000000000000000000000000000000000000',
          price: '6000',
          maxEpsilonMilli: '3000',
          taskUrl: message.taskUrl,
          nonce: '1',
          deadline: '4000000000',
        },
      },
    });
  });

  it('makes a receipt for an approval as asked, with the lease', () => {
    const receipt = buildConsentReceipt(approved(), { receiptId: 'r-approved', jurisdiction: 'DE' });
    expect(ConsentReceipt.safeParse(receipt).success).toBe(true);
    expect(receipt).toMatchObject({
      jurisdiction: 'DE',
      decision: 'approved',
      consentStatus: 'dpv:ConsentGiven',
      narrowed: false,
      granted: { datasets: message.datasets, dataFrom: 1_700_000_000, dataTo: 1_760_000_000, duration: 60, price: '6000' },
      lease: {
        chainId: SAMPLE_DOMAIN.chainId,
        contract: SAMPLE_CONTRACT,
        leaseId: '1',
        grantTxHash: GRANT_TX,
        startsAt: '2026-01-15T09:30:12.000Z',
        expiresAt: '2026-01-15T09:31:12.000Z',
      },
    });
    expect(receipt.revocation).toBeUndefined();
  });

  it('records narrowing: requested and granted terms side by side', () => {
    const receipt = buildConsentReceipt(
      approved({ datasets: ['HKQuantityTypeIdentifierHeartRate'], dataFrom: 1_710_000_000, duration: 30, price: '3000' }),
      { receiptId: 'r-narrowed' },
    );
    expect(receipt.narrowed).toBe(true);
    expect(receipt.requested.datasets).toEqual(message.datasets);
    expect(receipt.granted).toEqual({ datasets: ['HKQuantityTypeIdentifierHeartRate'], dataFrom: 1_710_000_000, dataTo: 1_760_000_000, duration: 30, price: '3000' });
    expect(receipt.services[0]!.purposes[0]!.dataCategories).toEqual(['HKQuantityTypeIdentifierHeartRate']);
  });

  it('records a later revocation as withdrawn consent', () => {
    const f = approved();
    const receipt = buildConsentReceipt(
      { ...f, revocation: { at: DECIDED_AT + 40_000, txHash: REVOKE_TX, ownerPaid: '2800', refunded: '3200' } },
      { receiptId: 'r-revoked' },
    );
    expect(receipt.consentStatus).toBe('dpv:ConsentWithdrawn');
    expect(receipt.revocation).toEqual({ at: '2026-01-15T09:30:40.000Z', txHash: REVOKE_TX, ownerPaid: '2800', refunded: '3200' });
    expect(ConsentReceipt.safeParse(receipt).success).toBe(true);
  });

  it('labels unknown purposes as null but keeps the term', () => {
    const receipt = buildConsentReceipt(facts({ purpose: 'ex:SleepScience' }, false), { receiptId: 'r-unknown' });
    expect(receipt.services[0]!.purposes[0]).toMatchObject({ purpose: 'ex:SleepScience', purposeLabel: null, purposeIri: null });
  });

  it('leaves out the signed request when the task URL is not known', () => {
    const receipt = buildConsentReceipt(facts({}, false), { receiptId: 'r-no-task' });
    expect(receipt.integrity.signedRequest).toBeUndefined();
    expect(receipt.integrity.requestDigest).toBe(digest);
  });

  it('refuses facts that do not fit together, naming the field and not the value', () => {
    const cases: [ConsentDecisionFacts, RegExp][] = [
      [facts({ decision: 'approved' }), /an approved decision needs the granted lease/],
      [{ ...approved(), decision: 'declined' }, /a declined request has no lease/],
      [facts({ requestId: `0x${'00'.repeat(32)}` }), /the request digest does not match the requested terms/],
      [facts({ decidedAt: Math.floor(DECIDED_AT / 1000) }), /decidedAt is not a time in unix milliseconds/],
      [approved({ datasets: ['HKCategoryTypeIdentifierSleepAnalysis'] }), /granted\.datasets must be among the requested datasets/],
      [approved({ duration: 61 }), /granted\.duration must not exceed the requested duration/],
      [approved({ price: '6001' }), /granted\.price must not exceed the requested price/],
      [approved({ dataTo: 1_760_000_001 }), /granted\.dataFrom must lie within the requested time range/],
      [facts({ contract: '0x1234' as Hex }), /contract is not an address/],
      [facts({ signature: '0x1234' as Hex }, false), /integrity\.requesterSignature/],
    ];
    for (const [f, message] of cases) {
      let error: unknown;
      try {
        buildConsentReceipt(f, { receiptId: 'r' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConsentReceiptFactsError);
      expect(isWalletError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('Sleep Lab');
    }
  });

  it('any consistent narrowing yields a receipt that validates', () => {
    fc.assert(
      fc.property(
        fc.subarray([...sampleMessage().datasets], { minLength: 1 }),
        fc.integer({ min: 1_700_000_000, max: 1_760_000_000 }),
        fc.integer({ min: 1_700_000_000, max: 1_760_000_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.bigInt({ min: 0n, max: 6000n }),
        fc.boolean(),
        (datasets, a, b, duration, price, revoked) => {
          const f = approved({ datasets, dataFrom: Math.min(a, b), dataTo: Math.max(a, b), duration, price: price.toString() });
          if (revoked) f.revocation = { at: DECIDED_AT + 30_000, txHash: REVOKE_TX, ownerPaid: '1', refunded: '2' };
          const receipt = buildConsentReceipt(f, { receiptId: 'r' });
          expect(ConsentReceipt.safeParse(JSON.parse(JSON.stringify(receipt))).success).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('ConsentReceipt schema and verifyConsentReceipt', () => {
  it('lets a third party check that the requester asked for exactly these terms', async () => {
    const receipt = buildConsentReceipt(approved(), { receiptId: 'r' });
    // What the third party gets is JSON text.
    const exported: unknown = JSON.parse(JSON.stringify(receipt));
    await expect(verifyConsentReceipt(exported)).resolves.toEqual({ ok: true });
  });

  it('reports a tampered receipt', async () => {
    const receipt = buildConsentReceipt(approved(), { receiptId: 'r' });
    const signedRequest = receipt.integrity.signedRequest!;

    // Terms changed in both places so the schema's cross-checks pass: the digest no longer matches.
    const cheaper = structuredClone(receipt);
    cheaper.requested.price = '1';
    cheaper.granted!.price = '1';
    cheaper.integrity.signedRequest = { ...signedRequest, price: '1' };
    await expect(verifyConsentReceipt(cheaper)).resolves.toMatchObject({ ok: false, reason: 'digest-mismatch' });

    // Someone else's signature over the same digest.
    const forged = structuredClone(receipt);
    forged.integrity.requesterSignature = await otherAccount.signTypedData(leaseRequestTypedData(SAMPLE_DOMAIN, message));
    await expect(verifyConsentReceipt(forged)).resolves.toMatchObject({ ok: false, reason: 'bad-signature' });

    const inconsistent = structuredClone(receipt);
    inconsistent.requested.price = '1';
    await expect(verifyConsentReceipt(inconsistent)).resolves.toMatchObject({ ok: false, reason: 'invalid' });

    const bare = buildConsentReceipt(facts({}, false), { receiptId: 'r' });
    await expect(verifyConsentReceipt(bare)).resolves.toMatchObject({ ok: false, reason: 'no-signed-request' });
  });

  it('is strict: unknown fields and broken relations are rejected', () => {
    const receipt = buildConsentReceipt(approved(), { receiptId: 'r' });
    expect(ConsentReceipt.safeParse({ ...receipt, extra: 1 }).success).toBe(false);
    expect(ConsentReceipt.safeParse({ ...receipt, consentStatus: 'dpv:ConsentRefused' }).success).toBe(false);
    expect(ConsentReceipt.safeParse({ ...receipt, narrowed: true }).success).toBe(false);
    expect(ConsentReceipt.safeParse({ ...receipt, decision: 'declined' }).success).toBe(false);
    expect(ConsentReceipt.safeParse({ ...receipt, lease: { ...receipt.lease!, chainId: 1 } }).success).toBe(false);
    expect(ConsentReceipt.safeParse({ ...receipt, timestamp: '15 Jan 2026' }).success).toBe(false);
    expect(ConsentReceipt.safeParse({ ...receipt, receiptId: 'has space' }).success).toBe(false);
  });

  it('never throws on arbitrary input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        expect(ConsentReceipt.safeParse(value).success).toBe(false);
        await expect(verifyConsentReceipt(value)).resolves.toMatchObject({ ok: false, reason: 'invalid' });
      }),
      { numRuns: 200 },
    );
  });
});
