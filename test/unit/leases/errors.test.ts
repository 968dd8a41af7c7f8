/** Wording of the lease errors people see, pinned; and what never goes into them. */
import { describe, expect, it } from 'vitest';
import {
  LeaseAccessDeniedError,
  LeaseNotActiveError,
  LeaseRequestRefusedError,
  NarrowingInvalidError,
  RequestAlreadyDecidedError,
} from '../../../electron/core/leases/errors.js';
import { WalletNetworkConfigError } from '../../../electron/core/chain/errors.js';
import { applyNarrowing } from '../../../electron/core/leases/narrowing.js';
import { parseNetworkConfig } from '../../../electron/core/chain/network-config.js';
import { serializeError } from '../../../shared/errors/serialize.js';
import { LeaseLinkError } from '../../../shared/lease/errors.js';
import { sampleMessage } from '../../helpers/chain-requests.js';

describe('lease errors', () => {
  it('give each refusal its own sentence and hint', () => {
    const reasons = ['wrong-chain', 'wrong-contract', 'bad-signature', 'deadline-passed', 'nonce-used', 'requester-blocked'] as const;
    const texts = reasons.map((r) => new LeaseRequestRefusedError(r).toString());
    expect(new Set(texts).size).toBe(reasons.length);
    expect(texts[0]).toBe(
      'This lease request is for another chain than the one this wallet uses. Ask the requester for a link made for your wallet’s chain; check the chain settings if you changed networks.',
    );
    expect(new LeaseRequestRefusedError('bad-signature').toString()).toBe(
      'This lease request is not signed by the requester it names. Do not approve it: it was altered or forged. Ask the requester for a new link.',
    );
  });

  it('wrap codec errors with their code, without quoting the link', () => {
    const linkError = new LeaseLinkError('LINK_NUMBER_FORMAT', { field: 'message.price' });
    const e = new LeaseRequestRefusedError('malformed', { linkError });
    expect(e).toMatchObject({ name: 'LeaseRequestRefusedError', reason: 'malformed', linkCode: 'LINK_NUMBER_FORMAT' });
    expect(e.shortMessage).toBe('A number in this lease request is not written as a plain decimal string.');
    expect(e.details).toBe('Field: message.price. reason=malformed');
    expect(e.cause).toBe(linkError);
  });

  it('carry their reason in the serialised details, for front ends to word (never parsed from the message)', () => {
    expect(serializeError(new LeaseRequestRefusedError('task-url-not-allowed', { details: 'The task URL is refused: loopback.' })).details).toBe(
      'The task URL is refused: loopback. reason=task-url-not-allowed',
    );
    expect(new LeaseRequestRefusedError('bad-signature').details).toBe('reason=bad-signature');
  });

  it('pin the decision and access messages', () => {
    expect(new RequestAlreadyDecidedError('declined').toString()).toBe(
      'This lease request was already declined. A declined request stays declined. Ask the requester for a new request if you changed your mind.',
    );
    expect(new LeaseNotActiveError('7', 'expired').toString()).toBe('Lease 7 is not active (it is expired). An expired lease is settled (paid in full), not revoked.');
    expect(new LeaseAccessDeniedError('dataset-not-in-lease', 'Lease 7 does not cover this dataset.').reason).toBe('dataset-not-in-lease');
  });
});

describe('narrowing', () => {
  const m = sampleMessage();
  it('keeps the request order of datasets and reports whether anything changed', () => {
    expect(applyNarrowing(m)).toMatchObject({ narrowed: false, datasets: [...m.datasets], duration: m.duration });
    const n = applyNarrowing(m, { datasets: [...m.datasets].reverse(), duration: 30 });
    expect(n).toMatchObject({ narrowed: true, datasets: [...m.datasets], duration: 30n });
  });
  it('refuses widening, naming the field', () => {
    const field = (narrowing: Parameters<typeof applyNarrowing>[1]) => {
      try {
        applyNarrowing(m, narrowing);
        return null;
      } catch (e) {
        expect(e).toBeInstanceOf(NarrowingInvalidError);
        return (e as NarrowingInvalidError).field;
      }
    };
    expect(field({ datasets: ['other'] })).toBe('datasets');
    expect(field({ dataFrom: m.dataFrom - 1n })).toBe('dataFrom');
    expect(field({ dataTo: m.dataTo + 1n })).toBe('dataTo');
    expect(field({ duration: m.duration + 1n })).toBe('duration');
    expect(field({ dataFrom: m.dataTo, dataTo: m.dataTo })).toBeNull();
  });
});

describe('network setting', () => {
  it('accepts the embedded chain or a complete RPC network, normalising the address', () => {
    expect(parseNetworkConfig({ kind: 'embedded' })).toEqual({ kind: 'embedded' });
    expect(
      parseNetworkConfig({ kind: 'rpc', rpcUrl: 'https://rpc.example.org', chainId: 10, contract: '0x5fbdb2315678afecb367f032d93f642f64180aa3' }),
    ).toEqual({ kind: 'rpc', rpcUrl: 'https://rpc.example.org', chainId: 10, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
  });
  it('refuses anything else with a WalletNetworkConfigError naming the field', () => {
    for (const [value, field] of [
      [{ kind: 'rpc', rpcUrl: 'ftp://x', chainId: 1, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' }, 'rpcUrl'],
      [{ kind: 'rpc', rpcUrl: 'http://x', chainId: 0, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' }, 'chainId'],
      [{ kind: 'rpc', rpcUrl: 'http://x', chainId: 1, contract: '0x12' }, 'contract'],
      [{ kind: 'embedded', extra: 1 }, ''],
      ['embedded', ''],
    ] as const) {
      expect(() => parseNetworkConfig(value), JSON.stringify(value)).toThrow(WalletNetworkConfigError);
      if (field) expect(() => parseNetworkConfig(value)).toThrow(new RegExp(field));
    }
  });
});
