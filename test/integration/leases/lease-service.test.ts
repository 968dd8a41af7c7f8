/**
 * The lease service end to end on real parts: an SQLCipher vault, the
 * embedded Anvil chain with the DataLease contract, the audit log, and
 * requesters signing with viem (the SDK) or ethers v6. The service clock moves
 * with the chain (blocks mined at exact times).
 */
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataLeaseAbi } from '../../../contracts/artifacts/DataLease.js';
import { readLease, isLeaseActive } from '../../../electron/core/chain/data-lease/read-lease.js';
import { readBalance } from '../../../electron/core/chain/data-lease/withdraw-balance.js';
import { DataLeaseRevertError } from '../../../electron/core/chain/errors.js';
import {
  LeaseAccessDeniedError,
  LeaseNotActiveError,
  LeaseRequestRefusedError,
  NarrowingInvalidError,
  ReceiptUnavailableError,
  RequestAlreadyDecidedError,
  type RefusalReason,
} from '../../../electron/core/leases/errors.js';
import { ensureWalletAccount } from '../../../electron/core/chain/wallet-account.js';
import { hashLeaseScope, leaseRequestTypedData } from '../../../shared/lease/eip712.js';
import { encodeBase64Url } from '../../../shared/lease/base64url.js';
import { verifyConsentReceipt } from '../../../shared/lease/consent-receipt.js';
import { encodeLeaseLink, LEASE_LINK_PREFIX } from '../../../shared/lease/link.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { otherAccount, REQUESTER_KEY, requesterAccount, signWithEthers } from '../../helpers/chain-requests.js';
import {
  closeWallet,
  freshMessage,
  fundRequester,
  nextBlockAt,
  openWallet,
  signedLink,
  syncClock,
  travelTo,
  type Wallet,
} from '../../helpers/lease-fixture.js';

let w: Wallet;

beforeAll(async () => {
  w = await openWallet();
  await fundRequester(w, parseEther('10'));
});
afterAll(async () => {
  if (w) await closeWallet(w);
});

async function refusal(promise: Promise<unknown>): Promise<LeaseRequestRefusedError> {
  const e = await promise.then(
    () => new Error('expected a refusal, but it succeeded'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LeaseRequestRefusedError);
  return e as LeaseRequestRefusedError;
}

async function expectRefused(promise: Promise<unknown>, reason: RefusalReason, linkCode?: string): Promise<void> {
  const e = await refusal(promise);
  expect(e.reason).toBe(reason);
  if (linkCode) expect(e.linkCode).toBe(linkCode);
}

function linkJson(link: string): { chainId: string; verifyingContract: string; message: Record<string, unknown>; signature: string } {
  return JSON.parse(Buffer.from(link.slice(link.indexOf('?r=') + 3), 'base64url').toString('utf8')) as ReturnType<typeof linkJson>;
}
const linkOf = (json: unknown): string => `${LEASE_LINK_PREFIX}?r=${encodeBase64Url(new TextEncoder().encode(JSON.stringify(json)))}`;

describe('wallet account', () => {
  it('is created once and kept in the vault', () => {
    const a = ensureWalletAccount(w.vault);
    expect(ensureWalletAccount(w.vault).address).toBe(a.address);
    expect(w.chain.account.address).toBe(a.address);
  });
});

describe('grant', () => {
  it('verifies and grants a request signed with viem: escrow, chain times, audit trail', async () => {
    const message = await freshMessage(w);
    const { link } = await signedLink(w, message);
    const inspected = await w.service.inspect(link);
    expect(inspected).toMatchObject({ requester: requesterAccount.address, status: 'new', terms: { price: '6000', duration: '60' } });
    expect([inspected.purpose, inspected.purposeLabel]).toEqual(['dpv:ResearchAndDevelopment', 'Research and Development']);
    expect(await w.service.list({ chain: false })).not.toContainEqual(expect.objectContaining({ id: inspected.id }));

    const lease = await w.service.approve(link);
    expect(lease).toMatchObject({ status: 'active', requester: requesterAccount.address, terms: { price: '6000', duration: '60' } });
    const onChain = await readLease(w.chain.ctx, BigInt(lease.leaseId!));
    expect(onChain).toMatchObject({ owner: w.chain.account.address, status: 'active', requestDigest: lease.id });
    expect(lease.startsAt).toBe(Number(onChain!.start) * 1000);
    expect(lease.expiresAt).toBe(Number(onChain!.expiry) * 1000);
    expect((await w.service.inspect(link)).status).toBe('approved');

    const types = w.audit.list({ subject: lease.id }).map((e) => e.type);
    expect(types).toEqual(['request.received', 'request.verified', 'request.approved', 'lease.grant-submitted', 'lease.granted']);
    expect(w.audit.verify().ok).toBe(true);
  });

  it('grants by commit-reveal on the embedded chain too: the wallet account commits in an earlier block, then grants', async () => {
    const lease = await w.service.approve((await signedLink(w, await freshMessage(w))).link);
    const client = w.chain.ctx.publicClient;
    const grant = await client.getTransactionReceipt({ hash: lease.grantTx! });
    const committed = await client.getContractEvents({
      address: w.chain.contract,
      abi: dataLeaseAbi,
      eventName: 'Committed',
      args: { committer: w.chain.account.address },
      fromBlock: 0n,
    });
    const commit = committed.at(-1)!;
    expect(commit.blockNumber).toBeLessThan(grant.blockNumber);
    // The commitment was used up by the grant.
    const still = await client.readContract({
      address: w.chain.contract,
      abi: dataLeaseAbi,
      functionName: 'commitments',
      args: [w.chain.account.address, commit.args.commitment!],
    });
    expect(still).toBe(0n);
  });

  it('verifies and grants a request signed by ethers v6 (an independent EIP-712 implementation)', async () => {
    const message = await freshMessage(w);
    const signature = await signWithEthers(REQUESTER_KEY, { chainId: w.chain.chainId, verifyingContract: w.chain.contract }, message);
    const link = encodeLeaseLink({ chainId: w.chain.chainId, verifyingContract: w.chain.contract, message, signature });
    const lease = await w.service.approve(link);
    expect(lease.status).toBe('active');
    expect(await isLeaseActive(w.chain.ctx, BigInt(lease.leaseId!))).toBe(true);
  });

  it('narrows datasets, time range and duration; the chain stores the narrowed scope and the pro-rata price', async () => {
    const message = await freshMessage(w, { duration: 100n, price: 1000n });
    const { link } = await signedLink(w, message);
    const narrowing = { datasets: ['HKQuantityTypeIdentifierHeartRate'], dataFrom: 1_710_000_000, dataTo: 1_720_000_000, duration: 30 };
    const lease = await w.service.approve(link, narrowing);
    expect(lease.terms).toEqual({ datasets: ['HKQuantityTypeIdentifierHeartRate'], dataFrom: '1710000000', dataTo: '1720000000', duration: '30', price: '300' });
    const onChain = await readLease(w.chain.ctx, BigInt(lease.leaseId!));
    expect(onChain!.scopeHash).toBe(
      hashLeaseScope({ datasets: ['HKQuantityTypeIdentifierHeartRate'], dataFrom: 1_710_000_000n, dataTo: 1_720_000_000n }),
    );
    expect(onChain!.expiry - onChain!.start).toBe(30n);
    const narrowed = w.audit.list({ subject: lease.id }).find((e) => e.type === 'lease.narrowed');
    expect(narrowed?.data).toMatchObject({ granted: { duration: '30' }, requested: { duration: '100' } });
  });

  it('refuses narrowing outside the request with a specific error and stores nothing', async () => {
    const message = await freshMessage(w);
    const { link } = await signedLink(w, message);
    const { id } = await w.service.receive(link);
    const before = w.audit.list({ subject: id }).length;
    const cases: [Parameters<typeof w.service.approve>[1], NarrowingInvalidError['field']][] = [
      [{ datasets: ['HKQuantityTypeIdentifierSleepAnalysis'] }, 'datasets'],
      [{ datasets: [] }, 'datasets'],
      [{ datasets: ['HKQuantityTypeIdentifierHeartRate', 'HKQuantityTypeIdentifierHeartRate'] }, 'datasets'],
      [{ dataFrom: 1_600_000_000 }, 'dataFrom'],
      [{ dataTo: 1_800_000_000 }, 'dataTo'],
      [{ dataFrom: 1_750_000_000, dataTo: 1_740_000_000 }, 'dataTo'],
      [{ duration: 61 }, 'duration'],
      [{ duration: 0 }, 'duration'],
      [{ duration: 1.5 }, 'duration'],
    ];
    for (const [narrowing, field] of cases) {
      const e = await w.service.approve(id, narrowing).catch((err: unknown) => err);
      expect(e, JSON.stringify(narrowing)).toBeInstanceOf(NarrowingInvalidError);
      expect((e as NarrowingInvalidError).field).toBe(field);
    }
    expect(w.audit.list({ subject: id })).toHaveLength(before);
    expect((await w.service.inspect(link)).status).toBe('pending');
    expect((await w.service.approve(id)).status).toBe('active');
  });

  it('keeps the request pending when the requester deposit is short, and records why', async () => {
    const message = await freshMessage(w, { price: parseEther('1000') });
    const { link } = await signedLink(w, message);
    const e = await w.service.approve(link).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataLeaseRevertError);
    expect((e as DataLeaseRevertError).reason).toBe('InsufficientDeposit');
    const inspected = await w.service.inspect(link);
    expect(inspected.status).toBe('pending');
    expect(w.audit.list({ subject: inspected.id }).map((x) => x.type)).toContain('lease.grant-failed');
    expect((await w.service.list({ chain: false })).find((l) => l.id === inspected.id)?.status).toBe('pending');
  });
});

describe('refusals', () => {
  let message: LeaseRequestMessage;
  let link: string;
  beforeAll(async () => {
    message = await freshMessage(w);
    ({ link } = await signedLink(w, message));
  });

  it('refuses a request signed by another key', async () => {
    // The message names the requester, but another key signed it.
    const domain = { chainId: w.chain.chainId, verifyingContract: w.chain.contract };
    const signature = await otherAccount.signTypedData(leaseRequestTypedData(domain, message));
    const json = linkJson(encodeLeaseLink({ ...domain, message, signature }));
    const e = await refusal(w.service.inspect(linkOf(json)));
    expect(e.reason).toBe('bad-signature');
    expect(e.details).toContain(otherAccount.address);
  });

  it('refuses any tampered field of the signed message', async () => {
    const tampered: Record<string, string | string[]> = {
      requester: otherAccount.address,
      requesterName: 'Sleep Lab, University of Elsewhere',
      purpose: 'dpv:Marketing',
      description: 'Something else.',
      datasets: ['HKQuantityTypeIdentifierStepCount'],
      dataFrom: '1700000001',
      dataTo: '1760000001',
      duration: '61',
      price: '5999',
      maxEpsilonMilli: '3001',
      taskUrl: 'https://evil.example.org/tasks',
      nonce: (message.nonce + 1n).toString(),
      deadline: (message.deadline + 1n).toString(),
    };
    for (const [field, value] of Object.entries(tampered)) {
      const json = linkJson(link);
      json.message[field] = value;
      await expectRefused(w.service.inspect(linkOf(json)), 'bad-signature');
    }
    const json = linkJson(link);
    json.signature = `${json.signature.slice(0, 10)}${json.signature[10] === 'a' ? 'b' : 'a'}${json.signature.slice(11)}`;
    await expectRefused(w.service.inspect(linkOf(json)), 'bad-signature');
  });

  it('refuses another chain id and another contract, even when properly signed for them', async () => {
    await expectRefused(w.service.inspect((await signedLink(w, message, requesterAccount, { chainId: 31337 })).link), 'wrong-chain');
    const otherContract = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    await expectRefused(w.service.inspect((await signedLink(w, message, requesterAccount, { verifyingContract: otherContract })).link), 'wrong-contract');
  });

  it('refuses a passed deadline', async () => {
    const now = await syncClock(w);
    const old = await freshMessage(w, { deadline: now - 1n });
    await expectRefused(w.service.inspect((await signedLink(w, old)).link), 'deadline-passed');
  });

  it('refuses a replayed nonce: with other terms (local records) and granted elsewhere (chain)', async () => {
    const first = await freshMessage(w);
    await w.service.receive((await signedLink(w, first)).link);
    await expectRefused(w.service.inspect((await signedLink(w, { ...first, price: 1n })).link), 'nonce-used');

    // Another person's wallet granted this request (a link is a bearer offer): the nonce is spent on-chain.
    const elsewhere = await freshMessage(w);
    const signed = await signedLink(w, elsewhere);
    const embedded = w.chain.embedded!;
    await embedded.testClient.setBalance({ address: otherAccount.address, value: parseEther('1') });
    const { commitAndGrantLease } = await import('../../../electron/core/chain/data-lease/grant-lease.js');
    await commitAndGrantLease(
      { publicClient: embedded.publicClient, walletClient: embedded.walletClient(otherAccount), address: w.chain.contract },
      { message: elsewhere, signature: signed.signature, scopeHash: hashLeaseScope(elsewhere), duration: 60n },
    );
    await expectRefused(w.service.inspect(signed.link), 'nonce-used');
  });

  it('refuses malformed links with the codec reason', async () => {
    const json = linkJson(link);
    const cases: [string, string][] = [
      [`${link}${'A'.repeat(8200)}`, 'LINK_TOO_LONG'],
      [link.replace('datawallet://', 'https://'), 'LINK_SCHEME'],
      [link.replace('lease-request', 'lease-offer'), 'LINK_HOST'],
      [`${link}&x=1`, 'LINK_PARAMS'],
      [`${link.slice(0, -2)}=`, 'LINK_BASE64'],
      [linkOf({ ...json, message: { ...json.message, price: 6000 } }), 'LINK_NUMBER_FORMAT'],
      [linkOf({ ...json, message: { ...json.message, price: '06000' } }), 'LINK_NUMBER_FORMAT'],
      [linkOf({ ...json, message: { ...json.message, price: '6e3' } }), 'LINK_NUMBER_FORMAT'],
      [linkOf({ ...json, message: { ...json.message, deadline: undefined } }), 'LINK_MISSING_FIELD'],
      [linkOf({ ...json, signature: undefined }), 'LINK_MISSING_FIELD'],
      [linkOf({ ...json, extra: '1' }), 'LINK_UNKNOWN_FIELD'],
    ];
    for (const [bad, code] of cases) {
      const e = await refusal(w.service.inspect(bad));
      expect(e.reason, code).toBe('malformed');
      expect(e.linkCode, code).toBe(code);
      expect(e.toString()).not.toContain('Sleep Lab');
    }
  });

  it('refuses a blocked requester until unblocked; labels known requesters', async () => {
    w.service.blockRequester(requesterAccount.address);
    await expectRefused(w.service.receive(link), 'requester-blocked');
    w.service.unblockRequester(requesterAccount.address.toLowerCase());
    w.service.labelRequester(requesterAccount.address, 'Sleep lab (trusted)');
    const inspected = await w.service.inspect(link);
    expect(inspected).toMatchObject({ label: 'Sleep lab (trusted)', known: true, status: 'new' });
    const types = w.audit.list({ subject: requesterAccount.address }).map((e) => e.type);
    expect(types).toEqual(['requester.blocked', 'requester.unblocked']);
    const refused = w.audit.list({ limit: 1000 }).filter((e) => e.type === 'request.refused');
    expect(refused.at(-1)?.data).toMatchObject({ reason: 'requester-blocked' });
  });
});

describe('decisions', () => {
  it('records a decline; the request cannot be approved afterwards, and its receipt says declined', async () => {
    const { link } = await signedLink(w, await freshMessage(w));
    const declined = await w.service.decline(link);
    expect(declined.status).toBe('declined');
    for (const again of [w.service.approve(link), w.service.approve(declined.id), w.service.decline(link)]) {
      const e = await again.catch((err: unknown) => err);
      expect(e).toBeInstanceOf(RequestAlreadyDecidedError);
    }
    expect(w.audit.list({ subject: declined.id }).map((e) => e.type)).toEqual(['request.received', 'request.verified', 'request.declined']);
    expect(JSON.stringify(w.service.receipt(declined.id))).toContain('declined');
    expect(await verifyConsentReceipt(w.service.receipt(declined.id))).toEqual({ ok: true });
    const pending = await w.service.receive((await signedLink(w, await freshMessage(w))).link);
    expect(() => w.service.receipt(pending.id)).toThrow(ReceiptUnavailableError);
  });

  it('refuses to approve a pending request whose deadline has passed', async () => {
    const now = await syncClock(w);
    const message = await freshMessage(w, { deadline: now + 5n });
    const { id } = await w.service.receive((await signedLink(w, message)).link);
    expect((await w.service.list({ chain: false })).find((l) => l.id === id)).toMatchObject({ status: 'pending', deadlinePassed: false, note: null });
    await travelTo(w, now + 6n);
    await expectRefused(w.service.approve(id), 'deadline-passed');
    expect(w.audit.list({ subject: id }).at(-1)?.data).toMatchObject({ reason: 'deadline-passed' });
    const lapsed = (await w.service.list({ chain: false })).find((l) => l.id === id);
    expect(lapsed).toMatchObject({ status: 'pending', deadlinePassed: true });
    expect(lapsed?.note).toMatch(/deadline passed .*can no longer be approved/);
  });
});

describe('time', () => {
  it('a 60 s lease is active at +59 s and expired at +61 s, on-chain and locally; tick settles it in full', async () => {
    const lease = await w.service.approve((await signedLink(w, await freshMessage(w))).link);
    const id = BigInt(lease.leaseId!);
    const start = BigInt(lease.startsAt! / 1000);
    await travelTo(w, start + 59n);
    expect(await isLeaseActive(w.chain.ctx, id)).toBe(true);
    expect((await readLease(w.chain.ctx, id))!.status).toBe('active');
    expect(w.service.get(lease.leaseId!).status).toBe('active');
    expect(w.service.requireActiveLease(id, 'HKQuantityTypeIdentifierStepCount', 1_700_000_000_000)).toMatchObject({ leaseId: lease.leaseId });
    expect((await w.service.tick()).expired).not.toContain(lease.leaseId);
    const ownerBefore = await readBalance(w.chain.ctx, w.chain.account.address);

    await travelTo(w, start + 61n);
    expect(await isLeaseActive(w.chain.ctx, id)).toBe(false);
    expect((await readLease(w.chain.ctx, id))!.status).toBe('expired');
    expect(w.service.get(lease.leaseId!).status).toBe('expired');
    expect(() => w.service.requireActiveLease(id, 'HKQuantityTypeIdentifierStepCount', 1_700_000_000_000)).toThrow(LeaseAccessDeniedError);
    await expect(w.service.revoke(lease.leaseId!)).rejects.toBeInstanceOf(LeaseNotActiveError);

    const tick = await w.service.tick();
    expect(tick.expired).toContain(lease.leaseId);
    expect(tick.settled).toContain(lease.leaseId);
    expect(w.service.get(lease.leaseId!)).toMatchObject({ status: 'settled', ownerPaid: '6000' });
    expect((await readLease(w.chain.ctx, id))!.status).toBe('settled');
    // The owner is paid each settled lease in full (other tests' leases may expire in the same tick).
    const paid = tick.settled.reduce((sum, leaseId) => sum + BigInt(w.service.get(leaseId).ownerPaid!), 0n);
    expect(await readBalance(w.chain.ctx, w.chain.account.address)).toBe(ownerBefore + paid);
    expect(w.audit.list({ subject: lease.id }).map((e) => e.type).slice(-2)).toEqual(['lease.expired', 'lease.settled']);
  });

  it('the scheduler expires and settles leases when their time comes', async () => {
    const lease = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 10n, price: 100n }))).link);
    await travelTo(w, BigInt(lease.expiresAt! / 1000) + 1n);
    const ticked = new Promise<unknown>((resolve) => w.service.startScheduler({ onTick: resolve, onError: resolve }));
    await ticked;
    w.service.stopScheduler();
    expect(w.service.get(lease.leaseId!).status).toBe('settled');
  });

  it('revoke pays the owner exactly floor(price × elapsed ÷ duration) and refunds the rest', async () => {
    for (const [price, duration, elapsed, paid] of [
      [6000n, 60n, 20n, 2000n],
      [1000n, 3n, 1n, 333n],
    ] as const) {
      const lease = await w.service.approve((await signedLink(w, await freshMessage(w, { price, duration }))).link);
      const start = BigInt(lease.startsAt! / 1000);
      const owner = await readBalance(w.chain.ctx, w.chain.account.address);
      const requester = await readBalance(w.chain.ctx, requesterAccount.address);
      await nextBlockAt(w, start + elapsed);
      const revoked = await w.service.revoke(lease.leaseId!);
      expect(revoked).toMatchObject({ status: 'revoked', ownerPaid: paid.toString(), refunded: (price - paid).toString() });
      expect(await readBalance(w.chain.ctx, w.chain.account.address)).toBe(owner + paid);
      expect(await readBalance(w.chain.ctx, requesterAccount.address)).toBe(requester + price - paid);
      expect((await readLease(w.chain.ctx, BigInt(lease.leaseId!)))!.status).toBe('revoked');
      expect(() => w.service.requireActiveLease(lease.leaseId!, 'HKQuantityTypeIdentifierStepCount', 1_700_000_000_000)).toThrow(
        LeaseAccessDeniedError,
      );
      const receipt = w.service.receipt(lease.leaseId!);
      expect(JSON.stringify(receipt)).toContain(revoked.revokeTx);
      expect(await verifyConsentReceipt(receipt)).toEqual({ ok: true }); // a third party can check the signed terms
    }
    await expect(w.service.revoke('999999')).rejects.toThrow(/no lease 999999/);
  });

  it('requireActiveLease checks the dataset and the data time range of the grant', async () => {
    const lease = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 3600n }))).link, {
      datasets: ['HKQuantityTypeIdentifierStepCount'],
      dataFrom: 1_700_000_000,
      dataTo: 1_700_000_100,
    });
    const check = (kind: string, t: number) => {
      try {
        w.service.requireActiveLease(lease.leaseId!, kind, t);
        return 'ok';
      } catch (e) {
        return (e as LeaseAccessDeniedError).reason;
      }
    };
    expect(check('HKQuantityTypeIdentifierStepCount', 1_700_000_000_000)).toBe('ok');
    expect(check('HKQuantityTypeIdentifierStepCount', 1_700_000_100_999)).toBe('ok');
    expect(check('HKQuantityTypeIdentifierStepCount', 1_700_000_101_000)).toBe('time-outside-lease');
    expect(check('HKQuantityTypeIdentifierStepCount', 1_699_999_999_999)).toBe('time-outside-lease');
    expect(check('HKQuantityTypeIdentifierHeartRate', 1_700_000_000_000)).toBe('dataset-not-in-lease');
    // Profile facts (Apple Health <Me>) only when the lease names them.
    expect(check('profile.dateOfBirth', 1_700_000_000_000)).toBe('dataset-not-in-lease');
    expect(check('HKQuantityTypeIdentifierStepCount', Number.NaN)).toBe('time-outside-lease');
    expect(() => w.service.requireActiveLease('424242', 'x', 0)).toThrow(LeaseAccessDeniedError);
  });
});

describe('list', () => {
  it('lists pending, active, expired, revoked and settled leases with what the chain says', async () => {
    // Self-contained: it makes every status it checks, and counts only what it added.
    const before = await w.service.list();
    const countBefore = await w.chain.ctx.publicClient.readContract({ address: w.chain.contract, abi: dataLeaseAbi, functionName: 'leaseCount' });
    const pending = await w.service.receive((await signedLink(w, await freshMessage(w))).link);
    const revoked = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 86_400n }))).link);
    await w.service.revoke(revoked.leaseId!);
    const settled = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 5n }))).link);
    await travelTo(w, BigInt(settled.expiresAt! / 1000) + 1n);
    await w.service.tick(); // expires and settles it
    const expired = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 5n }))).link);
    const active = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 86_400n }))).link);
    await travelTo(w, BigInt(expired.expiresAt! / 1000) + 1n); // past its expiry, no tick yet
    const all = await w.service.list();
    const byId = new Map(all.map((l) => [l.id, l]));
    expect(byId.get(pending.id)).toMatchObject({ status: 'pending', leaseId: null });
    expect(byId.get(active.id)).toMatchObject({ status: 'active', chainStatus: 'active' });
    expect(byId.get(revoked.id)).toMatchObject({ status: 'revoked', chainStatus: 'revoked' });
    expect(byId.get(settled.id)).toMatchObject({ status: 'settled', chainStatus: 'settled' });
    expect(byId.get(expired.id)).toMatchObject({ status: 'expired', chainStatus: 'expired' });
    expect(w.audit.verify()).toMatchObject({ ok: true });
    const countAfter = await w.chain.ctx.publicClient.readContract({ address: w.chain.contract, abi: dataLeaseAbi, functionName: 'leaseCount' });
    // Every lease this test granted is in the list, and nothing else changed.
    const granted = (views: typeof all) => views.filter((l) => l.leaseId !== null).length;
    expect(granted(all) - granted(before)).toBe(Number(countAfter - countBefore));
    expect(all.length - before.length).toBe(5);
  });
});
