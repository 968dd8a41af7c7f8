/**
 * The requester SDK's read and watch side against the real DataLease contract
 * on a real embedded chain: a wallet owner grants, revokes, delivers and
 * settles with the wallet's own chain actions; the requester follows along.
 */
import { createPublicClient, custom, keccak256, parseEther, toHex } from 'viem';
import { describe, expect, it, vi } from 'vitest';
import { commitAndGrantLease } from '../../../electron/core/chain/data-lease/grant-lease.js';
import { recordDelivery } from '../../../electron/core/chain/data-lease/record-delivery.js';
import { revokeLease } from '../../../electron/core/chain/data-lease/revoke-lease.js';
import { settleLease } from '../../../electron/core/chain/data-lease/settle-lease.js';
import { leaseIdForNonce, readLeaseStatus, watchLeases, type LeaseChange } from '../../../requester/index.js';
import { hashLeaseRequest, hashLeaseScope, requestedScope } from '../../../shared/lease/eip712.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { useChainFixture } from '../../helpers/chain-fixture.js';
import { otherAccount, ownerAccount, requesterAccount, sampleMessage } from '../../helpers/chain-requests.js';
import type { PrivateKeyAccount } from 'viem/accounts';

const fx = useChainFixture();

let nonce = 5000n;
/** Signs a fresh request (valid for an hour of chain time) as `account` and grants it as the wallet owner. */
async function grant(account: PrivateKeyAccount = requesterAccount, overrides: Partial<LeaseRequestMessage> = {}) {
  const f = fx();
  nonce += 1n;
  const message = sampleMessage({ requester: account.address, nonce, deadline: (await f.now()) + 3600n, ...overrides });
  const signature = await f.sign(message, account);
  const granted = await commitAndGrantLease(f.owner, { message, signature, scopeHash: hashLeaseScope(requestedScope(message)), duration: message.duration });
  return { ...granted, message };
}

const kinds = (changes: LeaseChange[]) => changes.map((c) => `${c.type} ${c.leaseId}`);

describe('readLeaseStatus and leaseIdForNonce', () => {
  it('follows a lease from active to expired (block time) to settled; a revoked one; unknown ids are none', async () => {
    const f = fx();
    const client = f.chain.publicClient;
    await f.deposit(parseEther('1'));

    expect(await readLeaseStatus(client, f.contract, 1n)).toMatchObject({ leaseId: 1n, status: 'none' });
    expect(await readLeaseStatus(client, f.contract, 0n)).toMatchObject({ status: 'none' });

    const a = await grant();
    expect(await leaseIdForNonce(client, f.contract, requesterAccount.address, a.message.nonce)).toBe(a.leaseId);
    expect(await leaseIdForNonce(client, f.contract, requesterAccount.address, 999_999n)).toBeNull();
    expect(await leaseIdForNonce(client, f.contract, otherAccount.address, a.message.nonce)).toBeNull();

    const active = await readLeaseStatus(client, f.contract, a.leaseId);
    expect(active).toMatchObject({
      status: 'active',
      owner: ownerAccount.address,
      requester: requesterAccount.address,
      start: a.start,
      expiry: a.expiry,
      price: 6000n,
      deliveries: 0,
      scopeHash: hashLeaseScope(requestedScope(a.message)),
      requestDigest: hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, a.message),
    });

    // One second before expiry it is active; at expiry (block time, as isActive judges) it is expired.
    await f.mineAt(a.expiry - 1n);
    expect(await readLeaseStatus(client, f.contract, a.leaseId)).toMatchObject({ status: 'active', chainTime: a.expiry - 1n });
    await f.chain.testClient.increaseTime({ seconds: 1 });
    await f.chain.testClient.mine({ blocks: 1 });
    const expired = await readLeaseStatus(client, f.contract, a.leaseId);
    expect(expired.status).toBe('expired');
    expect(expired.chainTime).toBeGreaterThanOrEqual(a.expiry);

    await settleLease(f.owner, a.leaseId);
    expect(await readLeaseStatus(client, f.contract, a.leaseId)).toMatchObject({ status: 'settled', price: 6000n });

    const b = await grant();
    await revokeLease(f.owner, b.leaseId);
    expect(await readLeaseStatus(client, f.contract, b.leaseId)).toMatchObject({ status: 'revoked', requester: requesterAccount.address });
    expect(await readLeaseStatus(client, f.contract, b.leaseId + 1n)).toMatchObject({ status: 'none' });
  });
});

describe('watchLeases', () => {
  it("reports grants, deliveries, revocations and settlements of this requester's leases in order, and no one else's", async () => {
    const f = fx();
    const client = f.chain.publicClient;
    await f.deposit(parseEther('1'));
    await f.deposit(parseEther('1'), otherAccount);

    // Granted before the watch starts: its later revocation needs a getLease read to attribute.
    const early = await grant();
    const theirsEarly = await grant(otherAccount);

    const changes: LeaseChange[] = [];
    const errors: Error[] = [];
    const fromBlock = (await client.getBlockNumber()) + 1n;
    const unwatch = watchLeases({
      publicClient: client,
      contract: f.contract,
      requester: requesterAccount.address,
      fromBlock,
      pollingInterval: 50,
      onChange: (c) => void changes.push(c),
      onError: (e) => void errors.push(e),
    });
    try {
      const theirs = await grant(otherAccount);
      const revokedOne = await grant();
      const settledOne = await grant();
      const resultHash = keccak256(toHex('model update 1'));
      await recordDelivery(f.owner, settledOne.leaseId, resultHash);
      await revokeLease(f.owner, revokedOne.leaseId);
      await revokeLease(f.owner, early.leaseId);
      await revokeLease(f.owner, theirs.leaseId);
      await revokeLease(f.owner, theirsEarly.leaseId);
      await f.chain.testClient.increaseTime({ seconds: 61 });
      await f.chain.testClient.mine({ blocks: 1 });
      await settleLease(f.owner, settledOne.leaseId);

      const expected = [
        `granted ${revokedOne.leaseId}`,
        `granted ${settledOne.leaseId}`,
        `delivery ${settledOne.leaseId}`,
        `revoked ${revokedOne.leaseId}`,
        `revoked ${early.leaseId}`,
        `settled ${settledOne.leaseId}`,
      ];
      // The settle is the last transaction: once it is reported, everything before it has been handled.
      await vi.waitFor(() => expect(changes.length).toBeGreaterThanOrEqual(expected.length), { timeout: 10_000, interval: 25 });
      expect(kinds(changes)).toEqual(expected);
      expect(errors).toEqual([]);

      expect(changes[0]).toMatchObject({
        type: 'granted',
        owner: ownerAccount.address,
        requester: requesterAccount.address,
        nonce: revokedOne.message.nonce,
        price: 6000n,
        start: revokedOne.start,
        expiry: revokedOne.expiry,
        requestDigest: revokedOne.requestDigest,
        transactionHash: revokedOne.transactionHash,
        blockNumber: revokedOne.blockNumber,
      });
      expect(changes[2]).toMatchObject({ type: 'delivery', resultHash, count: 1 });
      const revoked = changes[3];
      expect(revoked?.type).toBe('revoked');
      if (revoked?.type === 'revoked') expect(revoked.ownerAmount + revoked.requesterRefund).toBe(6000n);
      expect(changes[5]).toMatchObject({ type: 'settled', ownerAmount: 6000n });
      for (const c of changes) expect(c.blockNumber).toBeGreaterThanOrEqual(fromBlock);
    } finally {
      unwatch();
    }
  });

  it("without fromBlock, subscribes over the embedded chain's IPC transport and reports from then on", async () => {
    const f = fx();
    await f.deposit(parseEther('1'));
    const changes: LeaseChange[] = [];
    const unwatch = watchLeases({
      publicClient: f.chain.publicClient,
      contract: f.contract,
      requester: requesterAccount.address,
      onChange: (c) => void changes.push(c),
    });
    try {
      // The subscription is set up in the background; grant until one is seen, then it is live.
      const probes: bigint[] = [];
      await vi.waitFor(
        async () => {
          if (changes.length === 0) probes.push((await grant()).leaseId);
          expect(changes.length).toBeGreaterThan(0);
        },
        { timeout: 10_000, interval: 50 },
      );
      const seen = changes[0]!.leaseId;
      expect(probes).toContain(seen);
      await revokeLease(f.owner, seen);
      await vi.waitFor(() => expect(changes.at(-1)).toMatchObject({ type: 'revoked', leaseId: seen }), { timeout: 10_000, interval: 25 });
      expect(changes.every((c) => c.type === 'granted' || c.leaseId === seen)).toBe(true);
    } finally {
      unwatch();
    }
  });

  it('stops reporting once unwatched', async () => {
    const f = fx();
    const client = f.chain.publicClient;
    await f.deposit(parseEther('1'));
    // The watch's own client counts its RPC calls, so "stopped" is observed directly, not inferred from silence.
    let calls = 0;
    const counted = createPublicClient({
      chain: client.chain,
      transport: custom({
        request: (args: { method: string; params?: unknown }) => {
          calls += 1;
          return client.request(args as Parameters<typeof client.request>[0]);
        },
      }),
      pollingInterval: 50,
      cacheTime: 0,
    });
    const changes: LeaseChange[] = [];
    const unwatch = watchLeases({
      publicClient: counted,
      contract: f.contract,
      requester: requesterAccount.address,
      fromBlock: (await client.getBlockNumber()) + 1n,
      pollingInterval: 50,
      onChange: (c) => void changes.push(c),
    });
    const first = await grant();
    await vi.waitFor(() => expect(kinds(changes)).toEqual([`granted ${first.leaseId}`]), { timeout: 10_000, interval: 25 });
    const whileWatching = calls;
    await vi.waitFor(() => expect(calls).toBeGreaterThan(whileWatching), { timeout: 10_000, interval: 25 }); // it was polling
    unwatch();
    await new Promise((r) => setTimeout(r, 100)); // a poll already in flight may finish
    const afterStop = calls;
    await revokeLease(f.owner, first.leaseId);
    // Another watch from the same block sees the revocation; the stopped one made no call since and saw nothing.
    const again: LeaseChange[] = [];
    const unwatchAgain = watchLeases({
      publicClient: client,
      contract: f.contract,
      requester: requesterAccount.address,
      fromBlock: first.blockNumber,
      pollingInterval: 50,
      onChange: (c) => void again.push(c),
    });
    try {
      await vi.waitFor(() => expect(kinds(again)).toEqual([`granted ${first.leaseId}`, `revoked ${first.leaseId}`]), { timeout: 10_000, interval: 25 });
      await new Promise((r) => setTimeout(r, 500)); // ten polling intervals
      expect(calls).toBe(afterStop);
      expect(kinds(changes)).toEqual([`granted ${first.leaseId}`]);
    } finally {
      unwatchAgain();
    }
  });
});
