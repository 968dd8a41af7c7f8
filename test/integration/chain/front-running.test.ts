/**
 * A grant a mempool observer cannot take: commit-reveal on the real contract,
 * on Anvil with automine off so the wallet's grant waits in the mempool while
 * an attacker copies it (or the request inside it) with a higher tip.
 */
import { decodeFunctionData, encodeFunctionData, parseEventLogs, parseGwei, zeroHash, type Hash, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { dataLeaseAbi } from '../../../contracts/artifacts/DataLease.js';
import { commitGrant, grantCommitment, readCommitment } from '../../../electron/core/chain/data-lease/commit-grant.js';
import { sendDataLeaseTransaction } from '../../../electron/core/chain/data-lease/context.js';
import { grantLease, randomSalt } from '../../../electron/core/chain/data-lease/grant-lease.js';
import { readLease } from '../../../electron/core/chain/data-lease/read-lease.js';
import { readBalance } from '../../../electron/core/chain/data-lease/withdraw-balance.js';
import { DataLeaseRevertError } from '../../../electron/core/chain/errors.js';
import { hashLeaseRequest, hashLeaseScope, requestedScope } from '../../../shared/lease/eip712.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { useChainFixture } from '../../helpers/chain-fixture.js';
import { otherAccount, ownerAccount, requesterAccount, sampleMessage } from '../../helpers/chain-requests.js';

const fx = useChainFixture();
const attacker = otherAccount;

let nonce = 5000n;
async function freshMessage(overrides: Partial<LeaseRequestMessage> = {}): Promise<LeaseRequestMessage> {
  nonce += 1n;
  return sampleMessage({ nonce, deadline: (await fx().now()) + 3600n, ...overrides });
}

async function expectRevert(promise: Promise<unknown>, reason: DataLeaseRevertError['reason']): Promise<DataLeaseRevertError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${reason} revert, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataLeaseRevertError);
  expect((error as DataLeaseRevertError).reason).toBe(reason);
  return error as DataLeaseRevertError;
}

/** Runs `fn` with automine off; mining happens only when the test calls mine(). */
async function withoutAutomine<T>(fn: () => Promise<T>): Promise<T> {
  const { testClient } = fx().chain;
  await testClient.setAutomine(false);
  try {
    return await fn();
  } finally {
    await testClient.setAutomine(true);
  }
}

async function mine(): Promise<void> {
  await fx().chain.testClient.mine({ blocks: 1 });
}

/** Waits until the mempool holds `hash` (the wallet broadcast it). */
async function inMempool(hash: Hash): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const content = await fx().chain.testClient.getTxpoolContent();
    const all = Object.values(content.pending).flatMap((byNonce) => Object.values(byNonce));
    if (all.some((tx) => tx.hash === hash)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`transaction ${hash} never reached the mempool`);
}

/** Sends raw calldata to the contract from the attacker, with a higher tip and a fixed gas limit (no estimate, so a revert is mined). */
async function sendAsAttacker(data: Hex): Promise<Hash> {
  const wallet = fx().chain.walletClient(attacker);
  return wallet.sendTransaction({
    to: fx().contract,
    data,
    gas: 2_000_000n,
    maxPriorityFeePerGas: parseGwei('50'),
    maxFeePerGas: parseGwei('500'),
    account: attacker,
    chain: wallet.chain,
  });
}

/** The owner commits (mined), then sends the grant and leaves it pending; returns the pending grant and its hash. */
async function pendingGrant(message: LeaseRequestMessage, signature: Hex) {
  const f = fx();
  const salt = randomSalt();
  const scopeHash = hashLeaseScope(requestedScope(message));
  const requestDigest = hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, message);
  const committing = commitGrant(f.owner, { requestDigest, scopeHash, duration: message.duration, salt });
  let commitHash: Hash | undefined;
  for (let i = 0; i < 200 && !commitHash; i++) {
    const content = await f.chain.testClient.getTxpoolContent();
    commitHash = Object.values(content.pending).flatMap((b) => Object.values(b))[0]?.hash;
    if (!commitHash) await new Promise((r) => setTimeout(r, 10));
  }
  await mine();
  await committing;
  let grantHash: Hash | undefined;
  const granting = grantLease(f.owner, { message, signature, scopeHash, duration: message.duration, salt }, {
    onSigned: (h) => {
      grantHash = h;
    },
  });
  for (let i = 0; i < 200 && !grantHash; i++) await new Promise((r) => setTimeout(r, 10));
  await inMempool(grantHash!);
  return { granting, grantHash: grantHash!, salt, scopeHash, requestDigest };
}

describe('commit-reveal grant', () => {
  it('an attacker who copies the pending grant transaction with a higher tip gains nothing', async () => {
    const f = fx();
    await f.deposit(100_000n);
    const message = await freshMessage();
    const signature = await f.sign(message);
    await withoutAutomine(async () => {
      const { granting, grantHash } = await pendingGrant(message, signature);
      const observed = await f.chain.publicClient.getTransaction({ hash: grantHash });
      const copy = await sendAsAttacker(observed.input);
      await mine();
      const granted = await granting;
      const copyReceipt = await f.chain.publicClient.getTransactionReceipt({ hash: copy });
      // Same block, the copy first (higher tip), and it reverted: the attacker never committed.
      expect(copyReceipt.blockNumber).toBe(granted.blockNumber);
      expect(copyReceipt.transactionIndex).toBeLessThan(
        (await f.chain.publicClient.getTransactionReceipt({ hash: granted.transactionHash })).transactionIndex,
      );
      expect(copyReceipt.status).toBe('reverted');
      const lease = await readLease(f.owner, granted.leaseId);
      expect(lease?.owner).toBe(ownerAccount.address);
    });
    expect(await readBalance(f.owner, attacker.address)).toBe(0n);
  });

  it('an attacker who takes the request out of the pending grant and commits and grants it himself gains nothing', async () => {
    const f = fx();
    await f.deposit(100_000n);
    const message = await freshMessage();
    const signature = await f.sign(message);
    const attackerCtx = f.as(attacker);
    await withoutAutomine(async () => {
      const { granting, grantHash } = await pendingGrant(message, signature);
      const observed = await f.chain.publicClient.getTransaction({ hash: grantHash });
      const { functionName, args } = decodeFunctionData({ abi: dataLeaseAbi, data: observed.input });
      expect(functionName).toBe('grant');
      const [stolenRequest, stolenSignature, stolenScope, stolenDuration, stolenSalt] = args as unknown as [
        LeaseRequestMessage,
        Hex,
        Hex,
        bigint,
        Hex,
      ];
      // Commit his own grant of the stolen request, with a higher tip, racing the pending grant.
      const digest = hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, stolenRequest);
      const attackerSalt = randomSalt();
      const attackerCommitment = grantCommitment({
        requestDigest: digest,
        owner: attacker.address,
        scopeHash: stolenScope,
        duration: stolenDuration,
        salt: attackerSalt,
      });
      const commitData = encodeFunctionData({ abi: dataLeaseAbi, functionName: 'commit', args: [attackerCommitment] });
      const attackerCommit = await sendAsAttacker(commitData);
      // Revealing with the owner's own salt in the same block fails too: the commitment names the owner.
      const sameBlockReveal = await sendAsAttacker(observed.input);
      await mine();
      const granted = await granting;
      expect((await f.chain.publicClient.getTransactionReceipt({ hash: attackerCommit })).status).toBe('success');
      expect((await f.chain.publicClient.getTransactionReceipt({ hash: sameBlockReveal })).status).toBe('reverted');
      // One block later his commitment is old enough, but the owner's grant has used the nonce.
      await f.chain.testClient.setAutomine(true);
      const late = await expectRevert(
        grantLease(attackerCtx, {
          message: stolenRequest,
          signature: stolenSignature,
          scopeHash: stolenScope,
          duration: stolenDuration,
          salt: attackerSalt,
        }),
        'NonceAlreadyUsed',
      );
      expect(late.args).toEqual([requesterAccount.address, message.nonce, granted.leaseId]);
      // And the owner's salt does not work for him either.
      await expectRevert(
        grantLease(attackerCtx, { message: stolenRequest, signature: stolenSignature, scopeHash: stolenScope, duration: stolenDuration, salt: stolenSalt }),
        'NonceAlreadyUsed',
      );
      expect((await readLease(f.owner, granted.leaseId))?.owner).toBe(ownerAccount.address);
    });
    expect(await readBalance(f.owner, attacker.address)).toBe(0n);
  });

  it('copying the commit transaction gives the copier nothing: the commitment names the owner', async () => {
    const f = fx();
    await f.deposit(100_000n);
    const message = await freshMessage();
    const signature = await f.sign(message);
    const salt = randomSalt();
    const scopeHash = hashLeaseScope(requestedScope(message));
    const requestDigest = hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, message);
    const attackerCtx = f.as(attacker);
    // Even an attacker who later learns the request and the salt (say, from a leaked link) cannot use the owner's commitment.
    const ownerCommitment = grantCommitment({ requestDigest, owner: ownerAccount.address, scopeHash, duration: message.duration, salt });
    await commitGrant(f.owner, { requestDigest, scopeHash, duration: message.duration, salt });
    await sendDataLeaseTransaction(attackerCtx, 'commit', [ownerCommitment]); // the copied commit transaction
    expect(await readCommitment(f.owner, attacker.address, ownerCommitment)).not.toBeNull();
    const error = await expectRevert(grantLease(attackerCtx, { message, signature, scopeHash, duration: message.duration, salt }), 'CommitmentNotFound');
    expect(error.args[0]).toBe(attacker.address);
    // The owner's commitment is untouched by the copy, and the owner's grant goes through.
    const granted = await grantLease(f.owner, { message, signature, scopeHash, duration: message.duration, salt });
    expect((await readLease(f.owner, granted.leaseId))?.owner).toBe(ownerAccount.address);
  });

  it('checks the scope hash and duration against what the owner committed to', async () => {
    const f = fx();
    await f.deposit(100_000n);
    const message = await freshMessage();
    const signature = await f.sign(message);
    const salt = randomSalt();
    const scopeHash = hashLeaseScope(requestedScope(message));
    const requestDigest = hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, message);
    await commitGrant(f.owner, { requestDigest, scopeHash, duration: 30n, salt });
    const wider = hashLeaseScope({ ...requestedScope(message), datasets: [...message.datasets, 'location'] });
    await expectRevert(grantLease(f.owner, { message, signature, scopeHash: wider, duration: 30n, salt }), 'CommitmentNotFound');
    await expectRevert(grantLease(f.owner, { message, signature, scopeHash, duration: 60n, salt }), 'CommitmentNotFound');
    await expectRevert(grantLease(f.owner, { message, signature, scopeHash, duration: 30n, salt: randomSalt() }), 'CommitmentNotFound');
    const granted = await grantLease(f.owner, { message, signature, scopeHash, duration: 30n, salt });
    expect((await readLease(f.owner, granted.leaseId))?.scopeHash).toBe(scopeHash);
    // The commitment is used up.
    expect(await readCommitment(f.owner, ownerAccount.address, grantCommitment({ requestDigest, owner: ownerAccount.address, scopeHash, duration: 30n, salt }))).toBeNull();
  });

  it('refuses a reveal in the same block as its commitment, and an empty commitment', async () => {
    const f = fx();
    await f.deposit(100_000n);
    const message = await freshMessage();
    const signature = await f.sign(message);
    const salt = randomSalt();
    const scopeHash = hashLeaseScope(requestedScope(message));
    const requestDigest = hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, message);
    const commitment = grantCommitment({ requestDigest, owner: ownerAccount.address, scopeHash, duration: message.duration, salt });
    await withoutAutomine(async () => {
      const wallet = f.chain.walletClient(ownerAccount);
      const gas = 1_000_000n;
      const commitTx = await wallet.writeContract({ address: f.contract, abi: dataLeaseAbi, functionName: 'commit', args: [commitment], gas });
      const grantTx = await wallet.writeContract({
        address: f.contract,
        abi: dataLeaseAbi,
        functionName: 'grant',
        args: [{ ...message, datasets: [...message.datasets] }, signature, scopeHash, message.duration, salt],
        gas,
      });
      await mine();
      const receipt = await f.chain.publicClient.getTransactionReceipt({ hash: grantTx });
      expect((await f.chain.publicClient.getTransactionReceipt({ hash: commitTx })).status).toBe('success');
      expect(receipt.status).toBe('reverted');
      expect(parseEventLogs({ abi: dataLeaseAbi, logs: receipt.logs })).toEqual([]);
    });
    // The failed reveal did not use the commitment up: a reveal in a later block succeeds.
    expect(await readCommitment(f.owner, ownerAccount.address, commitment)).not.toBeNull();
    const granted = await grantLease(f.owner, { message, signature, scopeHash, duration: message.duration, salt });
    expect((await readLease(f.owner, granted.leaseId))?.owner).toBe(ownerAccount.address);
    await expectRevert(sendDataLeaseTransaction(f.owner, 'commit', [zeroHash]), 'ZeroCommitment');
  });
});
