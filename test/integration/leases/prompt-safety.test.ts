/**
 * What the owner sees cannot be dressed up by the requester: names that look
 * like a labelled requester's are flagged, task URLs on private networks are
 * refused unless a test/demo setting allows them, prices are in the network's
 * currency, and narrowing that rounds the price to 0 is warned about.
 */
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseRequestRefusedError } from '../../../electron/core/leases/errors.js';
import { LeaseService } from '../../../electron/core/leases/lease-service.js';
import { otherAccount } from '../../helpers/chain-requests.js';
import { closeWallet, freshMessage, fundRequester, openWallet, signedLink, type Wallet } from '../../helpers/lease-fixture.js';

describe('prompt safety', () => {
  let w: Wallet;
  beforeAll(async () => {
    w = await openWallet();
    await fundRequester(w, parseEther('1'));
    await fundRequester(w, parseEther('1'), otherAccount);
  });
  afterAll(() => closeWallet(w));

  it('warns when a request names profile facts (profile.*), and only then', async () => {
    const plain = await freshMessage(w, { datasets: ['HKQuantityTypeIdentifierStepCount'] });
    expect((await w.service.inspect((await signedLink(w, plain)).link)).warnings).toEqual([]);
    const asks = await freshMessage(w, { datasets: ['HKQuantityTypeIdentifierStepCount', 'profile.dateOfBirth', 'profile.bloodType'] });
    const warnings = (await w.service.inspect((await signedLink(w, asks)).link)).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'profile-facts-requested', datasets: ['profile.dateOfBirth', 'profile.bloodType'] });
    expect(warnings[0]!.message).toContain('profile.dateOfBirth, profile.bloodType');
  });

  it('flags a name that looks like (or embeds) the label of another requester, and not the labelled requester itself', async () => {
    const genuine = await freshMessage(w, { requesterName: 'Sleep Lab' });
    const { link: genuineLink } = await signedLink(w, genuine);
    w.service.labelRequester(genuine.requester, 'Sleep Lab');
    expect((await w.service.inspect(genuineLink)).warnings).toEqual([]);

    for (const name of ['\u0405l\u0435\u0435\u0440 L\u0430b', 'Sleep Lab — your label: Sleep Lab', 'SLEEP LAB']) {
      const spoof = await freshMessage(w, { requester: otherAccount.address, requesterName: name });
      const inspected = await w.service.inspect((await signedLink(w, spoof, otherAccount)).link);
      expect(inspected.label).toBeNull();
      expect(inspected.known).toBe(false);
      expect(inspected.warnings).toEqual([
        {
          code: 'name-looks-like-label',
          label: 'Sleep Lab',
          labelledAddress: genuine.requester,
          message: `The name looks like "Sleep Lab", your label for another address (${genuine.requester}). This request is NOT from that requester.`,
        },
      ]);
    }
    const unrelated = await freshMessage(w, { requester: otherAccount.address, requesterName: 'Heart Study' });
    expect((await w.service.inspect((await signedLink(w, unrelated, otherAccount)).link)).warnings).toEqual([]);
  });

  it('refuses labels with invisible or text-direction characters', () => {
    expect(() => w.service.labelRequester(otherAccount.address, 'Lab\u200b')).toThrow(expect.objectContaining({ name: 'RequesterLabelError' }) as Error);
  });

  it('refuses task URLs on this computer or a private network, unless the test/demo setting is on', async () => {
    for (const taskUrl of ['https://10.0.0.7/tasks', 'https://169.254.169.254/latest', 'https://localhost/tasks', 'http://127.0.0.1:8080/tasks']) {
      const { link } = await signedLink(w, await freshMessage(w, { taskUrl }));
      const e = await w.service.inspect(link).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LeaseRequestRefusedError);
      expect((e as LeaseRequestRefusedError).reason).toBe('task-url-not-allowed');
    }
    const demo = new LeaseService({ vault: w.vault, chain: w.chain, audit: w.audit, now: () => w.clock.ms, allowLocalTaskUrls: true });
    const { link } = await signedLink(w, await freshMessage(w, { taskUrl: 'http://127.0.0.1:8080/tasks' }));
    expect((await demo.inspect(link)).taskUrl).toBe('http://127.0.0.1:8080/tasks');
  });

  it('shows prices in the network currency and warns when a shorter duration rounds the price to 0', async () => {
    const message = await freshMessage(w, { duration: 3600n, price: 1000n });
    const { link } = await signedLink(w, message);
    const inspected = await w.service.inspect(link);
    expect(inspected.currency).toEqual({ symbol: 'ETH', decimals: 18 });
    expect(await w.service.previewApproval(link, { duration: 3n })).toMatchObject({
      terms: { price: '0', duration: '3' },
      warnings: ['this shorter duration rounds the price down to 0: the requester pays nothing for it'],
    });
    expect((await w.service.previewApproval(link, { duration: 4n })).warnings).toEqual([]);
    const lease = await w.service.approve(link, { duration: 3n });
    expect(lease.terms.price).toBe('0');
    expect(lease.warnings).toEqual(['this shorter duration rounds the price down to 0: the requester pays nothing for it']);
    const polygon = new LeaseService({ vault: w.vault, chain: { ...w.chain, chainId: 137 }, audit: w.audit, now: () => w.clock.ms });
    expect(polygon.currency.symbol).toBe('POL');
    // Lease list and show carry the network's currency, not ETH.
    expect(polygon.get(lease.id).currency).toEqual({ symbol: 'POL', decimals: 18 });
    expect((await polygon.list({ chain: false })).map((l) => l.currency.symbol)).toContain('POL');
    expect((await polygon.list({ chain: false })).every((l) => l.currency.symbol === 'POL')).toBe(true);
  });
});
