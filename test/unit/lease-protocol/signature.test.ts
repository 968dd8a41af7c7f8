/** verifyLeaseRequestSignature: viem- and ethers-signed requests verify; anything else does not. */
import { describe, expect, it } from 'vitest';
import { LeaseLinkError } from '../../../shared/lease/errors.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { isCanonicalSignature, recoverLeaseRequestSigner, verifyLeaseRequestSignature } from '../../../shared/lease/signature.js';
import { signLeaseRequest } from '../../../requester/sign-lease-request.js';
import {
  highSTwin,
  OTHER_KEY,
  otherAccount,
  REQUESTER_KEY,
  requesterAccount,
  SAMPLE_DOMAIN,
  sampleMessage,
  signWithEthers,
} from '../../helpers/chain-requests.js';

describe('verifyLeaseRequestSignature', () => {
  it('accepts requests signed by viem and by ethers v6', async () => {
    const message = sampleMessage();
    const viemSigned = await signLeaseRequest(requesterAccount, SAMPLE_DOMAIN, message);
    expect(await verifyLeaseRequestSignature(viemSigned)).toBe(true);
    const ethersSig = await signWithEthers(REQUESTER_KEY, SAMPLE_DOMAIN, message);
    expect(isCanonicalSignature(ethersSig)).toBe(true);
    expect(await verifyLeaseRequestSignature({ ...SAMPLE_DOMAIN, message, signature: ethersSig })).toBe(true);
  });

  it('rejects another key, any changed field, another domain, and non-canonical twins', async () => {
    const message = sampleMessage();
    const { signature } = await signLeaseRequest(requesterAccount, SAMPLE_DOMAIN, message);
    const forged = await signWithEthers(OTHER_KEY, SAMPLE_DOMAIN, message);
    expect(await verifyLeaseRequestSignature({ ...SAMPLE_DOMAIN, message, signature: forged })).toBe(false);
    expect(await recoverLeaseRequestSigner({ ...SAMPLE_DOMAIN, message, signature: forged })).toBe(otherAccount.address);

    const changes: Partial<LeaseRequestMessage>[] = [
      { price: 6001n },
      { duration: 61n },
      { datasets: ['HKQuantityTypeIdentifierStepCount'] },
      { taskUrl: 'https://lab.example.org/tasks/sleep-v2' },
      { nonce: 2n },
      { maxEpsilonMilli: 3001 },
    ];
    for (const change of changes) {
      expect(await verifyLeaseRequestSignature({ ...SAMPLE_DOMAIN, message: { ...message, ...change }, signature })).toBe(false);
    }
    expect(await verifyLeaseRequestSignature({ ...SAMPLE_DOMAIN, chainId: 1, message, signature })).toBe(false);
    // The high-s twin is a valid ECDSA signature of the same digest; the contract refuses it, so do we.
    expect(await verifyLeaseRequestSignature({ ...SAMPLE_DOMAIN, message, signature: highSTwin(signature) })).toBe(false);
    expect(await verifyLeaseRequestSignature({ ...SAMPLE_DOMAIN, message, signature: '0x1234' })).toBe(false);
    expect(await verifyLeaseRequestSignature({ ...SAMPLE_DOMAIN, message, signature: `0x${'00'.repeat(64)}1b` })).toBe(false);
  });
});

describe('signLeaseRequest', () => {
  it('refuses to sign what the wallet would refuse, or for another requester', async () => {
    await expect(signLeaseRequest(requesterAccount, SAMPLE_DOMAIN, sampleMessage({ datasets: [] }))).rejects.toBeInstanceOf(
      LeaseLinkError,
    );
    await expect(signLeaseRequest(requesterAccount, SAMPLE_DOMAIN, sampleMessage({ duration: 0n }))).rejects.toMatchObject({
      code: 'LINK_NUMBER_RANGE',
    });
    await expect(signLeaseRequest(otherAccount, SAMPLE_DOMAIN, sampleMessage())).rejects.toThrow(/is not the signing account/);
  });
});
