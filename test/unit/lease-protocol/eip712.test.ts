/** The EIP-712 definitions against an independent implementation (ethers v6) and the fixed type string. */
import { TypedDataEncoder } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  hashLeaseRequest,
  hashLeaseScope,
  LEASE_REQUEST_TYPE,
  LEASE_SCOPE_TYPE,
  leaseDomain,
  leaseRequestTypes,
  leaseScopeTypes,
  requestedScope,
} from '../../../shared/lease/eip712.js';
import { SAMPLE_DOMAIN, sampleMessage } from '../../helpers/chain-requests.js';

const plain = <T extends Record<string, readonly { name: string; type: string }[]>>(types: T) =>
  Object.fromEntries(Object.entries(types).map(([k, v]) => [k, v.map((f) => ({ name: f.name, type: f.type }))]));

describe('LeaseRequest typed data', () => {
  it('encodes exactly the type string the protocol fixes', () => {
    expect(LEASE_REQUEST_TYPE).toBe(
      'LeaseRequest(address requester,string requesterName,string purpose,string description,string[] datasets,uint64 dataFrom,uint64 dataTo,uint64 duration,address token,uint256 price,uint32 maxEpsilonMilli,string taskUrl,uint256 nonce,uint64 deadline)',
    );
    expect(TypedDataEncoder.from(plain(leaseRequestTypes)).encodeType('LeaseRequest')).toBe(LEASE_REQUEST_TYPE);
    expect(TypedDataEncoder.from(plain(leaseScopeTypes)).encodeType('LeaseScope')).toBe(LEASE_SCOPE_TYPE);
  });

  it('hashes like ethers for a range of messages (string[] per EIP-712 included)', () => {
    const variants = [
      sampleMessage(),
      sampleMessage({ datasets: ['only-one'], description: '' }),
      sampleMessage({ datasets: ['ü', '研究', '🧪', 'a'.repeat(200)], price: 2n ** 256n - 1n, maxEpsilonMilli: 2 ** 32 - 1 }),
    ];
    for (const message of variants) {
      const ours = hashLeaseRequest(SAMPLE_DOMAIN, message);
      const theirs = TypedDataEncoder.hash(leaseDomain(SAMPLE_DOMAIN), plain(leaseRequestTypes), {
        ...message,
        datasets: [...message.datasets],
      });
      expect(ours).toBe(theirs);
    }
  });

  it('binds the domain: another chain or contract gives another digest', () => {
    const m = sampleMessage();
    const base = hashLeaseRequest(SAMPLE_DOMAIN, m);
    expect(hashLeaseRequest({ ...SAMPLE_DOMAIN, chainId: 1 }, m)).not.toBe(base);
    expect(hashLeaseRequest({ ...SAMPLE_DOMAIN, verifyingContract: '0x000000000000000000000000000000000000dEaD' }, m)).not.toBe(base);
  });

  it('hashes the scope as the EIP-712 struct LeaseScope', () => {
    const scope = requestedScope(sampleMessage());
    expect(hashLeaseScope(scope)).toBe(
      TypedDataEncoder.from(plain(leaseScopeTypes)).hashStruct('LeaseScope', { ...scope, datasets: [...scope.datasets] }),
    );
    // Known answer: a change to the scope type or its encoding would silently change every stored scope hash.
    expect(hashLeaseScope(scope)).toBe('0x3038b52f9a7e7cd5da7c1f0a8104ece07ae7d8ce541ec3791c481aa9e3b53baa');
    expect(hashLeaseScope({ ...scope, datasets: scope.datasets.slice(0, 1) })).not.toBe(hashLeaseScope(scope));
  });
});
