/**
 * DataLease on a real embedded chain (Anvil over IPC, the committed solc
 * artifact), driven through the wallet's chain actions and the requester SDK.
 */
import { keccak256, parseEther, toHex, zeroAddress, zeroHash, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { dataLeaseAbi } from '../../../contracts/artifacts/DataLease.js';
import { commitGrant } from '../../../electron/core/chain/data-lease/commit-grant.js';
import { commitAndGrantLease, grantLease, randomSalt } from '../../../electron/core/chain/data-lease/grant-lease.js';
import { findLeaseByNonce, isLeaseActive, readLease } from '../../../electron/core/chain/data-lease/read-lease.js';
import { recordDelivery } from '../../../electron/core/chain/data-lease/record-delivery.js';
import { revokeLease } from '../../../electron/core/chain/data-lease/revoke-lease.js';
import { settleLease } from '../../../electron/core/chain/data-lease/settle-lease.js';
import { readBalance, withdrawBalance } from '../../../electron/core/chain/data-lease/withdraw-balance.js';
import { DataLeaseRevertError, mapChainError } from '../../../electron/core/chain/errors.js';
import { waitForReceipt } from '../../../electron/core/chain/wait-for-receipt.js';
import { depositBalance, withdraw } from '../../../requester/deposit.js';
import { hashLeaseRequest, hashLeaseScope, LEASE_REQUEST_TYPE, requestedScope } from '../../../shared/lease/eip712.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { useChainFixture } from '../../helpers/chain-fixture.js';
import {
  highSTwin,
  otherAccount,
  OTHER_KEY,
  ownerAccount,
  REQUESTER_KEY,
  requesterAccount,
  sampleMessage,
  signWithEthers,
  thirdAccount,
} from '../../helpers/chain-requests.js';

const fx = useChainFixture();

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

/** A request valid for an hour of chain time, with a fresh nonce. */
let nonce = 1000n;
async function freshMessage(overrides: Partial<LeaseRequestMessage> = {}): Promise<LeaseRequestMessage> {
  const now = await fx().now();
  nonce += 1n;
  return sampleMessage({ nonce, deadline: now + 3600n, ...overrides });
}

async function grantSigned(message: LeaseRequestMessage, duration = message.duration, signature?: Hex) {
  const f = fx();
  return commitAndGrantLease(f.owner, {
    message,
    signature: signature ?? (await f.sign(message)),
    scopeHash: hashLeaseScope(requestedScope(message)),
    duration,
  });
}

/** Commits the owner to granting `message` for `duration` (first half of a grant); returns the salt. */
async function commitFor(message: LeaseRequestMessage, duration: bigint, ctx = fx().owner): Promise<Hex> {
  const f = fx();
  const salt = randomSalt();
  const requestDigest = hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, message);
  await commitGrant(ctx, { requestDigest, scopeHash: hashLeaseScope(requestedScope(message)), duration, salt });
  return salt;
}

/** The second half: reveals a committed grant. */
function revealFor(message: LeaseRequestMessage, duration: bigint, signature: Hex, salt: Hex, ctx = fx().owner) {
  return grantLease(ctx, { message, signature, scopeHash: hashLeaseScope(requestedScope(message)), duration, salt });
}

describe('deposits and withdrawals', () => {
  it('credits deposits, pays out withdrawals, and rejects overdrafts and zero amounts', async () => {
    const f = fx();
    const requesterCtx = f.as(requesterAccount);
    const sdk = { publicClient: f.chain.publicClient, walletClient: f.chain.walletClient(requesterAccount), contract: f.contract };
    await f.deposit(10_000n);
    expect(await depositBalance(sdk, requesterAccount.address)).toBe(10_000n);

    const before = await f.chain.publicClient.getBalance({ address: requesterAccount.address });
    const hash = await withdraw(sdk, 4_000n);
    const receipt = await waitForReceipt(f.chain.publicClient, hash);
    const after = await f.chain.publicClient.getBalance({ address: requesterAccount.address });
    expect(after - before).toBe(4_000n - receipt.gasUsed * receipt.effectiveGasPrice);
    expect(await readBalance(requesterCtx, requesterAccount.address)).toBe(6_000n);

    const overdraft = await expectRevert(withdrawBalance(requesterCtx, 6_001n), 'InsufficientBalance');
    expect(overdraft.args).toEqual([6_000n, 6_001n]);
    await expectRevert(withdrawBalance(requesterCtx, 0n), 'ZeroAmount');
    // The requester SDK throws viem's error; mapped the way the wallet maps it, it is the contract's ZeroAmount.
    await expectRevert(
      f.deposit(0n).catch((e: unknown) => {
        throw mapChainError(e);
      }),
      'ZeroAmount',
    );
  });

  it('depositFor credits another account, which alone can withdraw it', async () => {
    const f = fx();
    const wallet = f.chain.walletClient(otherAccount);
    const hash = await wallet.writeContract({
      address: f.contract,
      abi: dataLeaseAbi,
      functionName: 'depositFor',
      args: [requesterAccount.address],
      value: 777n,
    });
    await waitForReceipt(f.chain.publicClient, hash);
    expect(await readBalance(f.owner, requesterAccount.address)).toBe(777n);
    await expectRevert(withdrawBalance(f.as(otherAccount), 1n), 'InsufficientBalance');
  });
});

describe('grant', () => {
  it('grants a viem-signed request: escrows the price, fixes start and expiry by block time, stores the scope', async () => {
    const f = fx();
    await f.deposit(parseEther('1'));
    const message = await freshMessage();
    const granted = await grantSigned(message);

    const block = await f.chain.publicClient.getBlock({ blockNumber: granted.blockNumber });
    expect(granted.start).toBe(block.timestamp);
    expect(granted.expiry).toBe(block.timestamp + 60n);
    expect(granted.price).toBe(6000n);
    expect(granted.requestDigest).toBe(hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, message));

    const lease = await readLease(f.owner, granted.leaseId);
    expect(lease).toMatchObject({
      owner: ownerAccount.address,
      requester: requesterAccount.address,
      price: 6000n,
      status: 'active',
      deliveries: 0,
      scopeHash: hashLeaseScope(requestedScope(message)),
    });
    expect(await readBalance(f.owner, requesterAccount.address)).toBe(parseEther('1') - 6000n);
    expect(
      await f.chain.publicClient.readContract({ address: f.contract, abi: dataLeaseAbi, functionName: 'totalEscrowed', args: [zeroAddress] }),
    ).toBe(6000n);
    expect(await findLeaseByNonce(f.owner, requesterAccount.address, message.nonce)).toBe(granted.leaseId);
  });

  it('grants a request signed by ethers v6 (an independent EIP-712 implementation)', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const message = await freshMessage();
    const signature = await signWithEthers(REQUESTER_KEY, { chainId: f.chain.chainId, verifyingContract: f.contract }, message);
    expect(signature).toBe(await f.sign(message)); // RFC 6979: same key, same digest, same signature
    const granted = await grantSigned(message, message.duration, signature);
    expect(await isLeaseActive(f.owner, granted.leaseId)).toBe(true);
  });

  it('computes the same type hash and digest on-chain as the shared protocol code', async () => {
    const f = fx();
    const message = await freshMessage();
    const typeHash = await f.chain.publicClient.readContract({
      address: f.contract,
      abi: dataLeaseAbi,
      functionName: 'LEASE_REQUEST_TYPEHASH',
    });
    expect(typeHash).toBe(keccak256(toHex(LEASE_REQUEST_TYPE)));
    const digest = await f.chain.publicClient.readContract({
      address: f.contract,
      abi: dataLeaseAbi,
      functionName: 'hashLeaseRequest',
      args: [{ ...message, datasets: [...message.datasets] }],
    });
    expect(digest).toBe(hashLeaseRequest({ chainId: f.chain.chainId, verifyingContract: f.contract }, message));
  });

  it('scales the price pro rata when the owner shortens the duration (rounding down)', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const half = await grantSigned(await freshMessage(), 30n);
    expect(half.price).toBe(3000n);
    expect(half.expiry - half.start).toBe(30n);
    const third = await grantSigned(await freshMessage({ price: 1000n, duration: 3n }), 1n);
    expect(third.price).toBe(333n);
  });

  it('rejects a duration above the requested one, and zero', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const message = await freshMessage();
    const longer = await expectRevert(grantSigned(message, 61n), 'InvalidDuration');
    expect(longer.args).toEqual([60n, 61n]);
    await expectRevert(grantSigned(message, 0n), 'InvalidDuration');
  });

  it('refuses a second grant of the same request, by anyone, and any other request reusing the nonce', async () => {
    const f = fx();
    await f.deposit(100_000n);
    const message = await freshMessage();
    const signature = await f.sign(message);
    const first = await grantSigned(message, message.duration, signature);
    const again = await expectRevert(grantSigned(message, message.duration, signature), 'NonceAlreadyUsed');
    expect(again.args).toEqual([requesterAccount.address, message.nonce, first.leaseId]);
    const byOther = commitAndGrantLease(f.as(otherAccount), {
      message,
      signature,
      scopeHash: hashLeaseScope(requestedScope(message)),
      duration: 60n,
    });
    await expectRevert(byOther, 'NonceAlreadyUsed');
    await expectRevert(grantSigned({ ...message, price: 1n }), 'NonceAlreadyUsed');
  });

  it('rejects a request whose deadline has passed', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const now = await f.now();
    const message = await freshMessage({ deadline: now + 10n });
    const signature = await f.sign(message);
    const salt = await commitFor(message, 60n);
    await f.nextBlockAt(now + 11n);
    const expired = await expectRevert(revealFor(message, 60n, signature, salt), 'RequestExpired');
    expect(expired.args).toEqual([now + 10n, now + 11n]);
  });

  it('accepts a request in the very second of its deadline', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const now = await f.now();
    const message = await freshMessage({ deadline: now + 10n });
    const signature = await f.sign(message);
    const salt = await commitFor(message, 60n);
    await f.nextBlockAt(now + 10n);
    await revealFor(message, 60n, signature, salt);
  });

  it('rejects a request signed by another key', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const message = await freshMessage();
    const forged = await signWithEthers(OTHER_KEY, { chainId: f.chain.chainId, verifyingContract: f.contract }, message);
    const error = await expectRevert(grantSigned(message, 60n, forged), 'SignerMismatch');
    expect(error.args).toEqual([requesterAccount.address, otherAccount.address]);
  });

  it('rejects a signed request in which any field was changed afterwards', async () => {
    const f = fx();
    await f.deposit(parseEther('1'));
    const message = await freshMessage();
    const signature = await f.sign(message);
    const tampered: Partial<LeaseRequestMessage>[] = [
      { requesterName: 'Sleep Lab, University of Exampel' },
      { purpose: 'dpv:Marketing' },
      { description: `${message.description} ` },
      { datasets: [...message.datasets].reverse() },
      { datasets: [...message.datasets, 'location'] },
      { dataFrom: message.dataFrom - 1n },
      { dataTo: message.dataTo + 1n },
      { duration: 600n },
      { price: 1n },
      { maxEpsilonMilli: 30_000 },
      { taskUrl: 'https://evil.example/tasks' },
      { deadline: message.deadline + 1n },
      { requester: otherAccount.address },
      { token: otherAccount.address },
    ];
    for (const change of tampered) {
      await expectRevert(grantSigned({ ...message, ...change }, 60n, signature), 'SignerMismatch');
    }
    // A different nonce is a different (unsigned) request too.
    await expectRevert(grantSigned({ ...message, nonce: message.nonce + 1n }, 60n, signature), 'SignerMismatch');
  });

  it('rejects signatures for another domain (chain id or contract)', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const message = await freshMessage();
    const otherChain = await signWithEthers(REQUESTER_KEY, { chainId: 1, verifyingContract: f.contract }, message);
    await expectRevert(grantSigned(message, 60n, otherChain), 'SignerMismatch');
    const otherContract = await signWithEthers(
      REQUESTER_KEY,
      { chainId: f.chain.chainId, verifyingContract: '0x000000000000000000000000000000000000dEaD' },
      message,
    );
    await expectRevert(grantSigned(message, 60n, otherContract), 'SignerMismatch');
  });

  it('rejects malformed and non-canonical signatures', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const message = await freshMessage();
    const signature = await f.sign(message);
    await expectRevert(grantSigned(message, 60n, highSTwin(signature)), 'InvalidSignatureS');
    const vZero = `${signature.slice(0, 130)}00` as Hex;
    await expectRevert(grantSigned(message, 60n, vZero), 'InvalidSignatureV');
    await expectRevert(grantSigned(message, 60n, signature.slice(0, 130) as Hex), 'InvalidSignatureLength');
    const zeroR = `0x${'00'.repeat(32)}${signature.slice(66)}` as Hex;
    await expectRevert(grantSigned(message, 60n, zeroR), 'InvalidSignature');
    // The untouched signature still works: none of the above used up the nonce.
    await grantSigned(message, 60n, signature);
  });

  it('rejects a grant the requester deposit does not cover', async () => {
    const f = fx();
    await f.deposit(5_999n);
    const error = await expectRevert(grantSigned(await freshMessage()), 'InsufficientDeposit');
    expect(error.args).toEqual([requesterAccount.address, zeroAddress, 5_999n, 6_000n]);
  });

  it('rejects an empty scope hash and prices no deposit could back', async () => {
    const f = fx();
    await f.deposit(10_000n);
    const message = await freshMessage();
    const signature = await f.sign(message);
    await expectRevert(commitAndGrantLease(f.owner, { message, signature, scopeHash: zeroHash, duration: 60n }), 'InvalidScopeHash');
    const huge = await freshMessage({ price: 2n ** 200n });
    await expectRevert(grantSigned(huge), 'PriceTooLarge');
  });
});

describe('revoke, settle and time', () => {
  it('pays exact pro-rata wei on revoke: 60 s at 6000 wei revoked after 15 s → 1500 owner, 4500 requester', async () => {
    const f = fx();
    await f.deposit(6_000n);
    const granted = await grantSigned(await freshMessage());
    await f.nextBlockAt(granted.start + 15n);
    const revoked = await revokeLease(f.owner, granted.leaseId);
    expect(revoked).toMatchObject({ time: granted.start + 15n, ownerAmount: 1500n, requesterRefund: 4500n });
    expect(await readBalance(f.owner, ownerAccount.address)).toBe(1500n);
    expect(await readBalance(f.owner, requesterAccount.address)).toBe(4500n);
    expect((await readLease(f.owner, granted.leaseId))?.status).toBe('revoked');
    expect(
      await f.chain.publicClient.readContract({ address: f.contract, abi: dataLeaseAbi, functionName: 'totalEscrowed', args: [zeroAddress] }),
    ).toBe(0n);
  });

  it('rounds the owner share down and gives the remainder to the requester (no wei lost)', async () => {
    const f = fx();
    await f.deposit(1_000n);
    const granted = await grantSigned(await freshMessage({ price: 1000n, duration: 7n }));
    await f.nextBlockAt(granted.start + 3n);
    const revoked = await revokeLease(f.owner, granted.leaseId);
    expect(revoked.ownerAmount).toBe(428n); // floor(3000 / 7)
    expect(revoked.requesterRefund).toBe(572n);
  });

  it('lets only the lease owner revoke', async () => {
    const f = fx();
    await f.deposit(6_000n);
    const granted = await grantSigned(await freshMessage());
    const error = await expectRevert(revokeLease(f.as(otherAccount), granted.leaseId), 'NotLeaseOwner');
    expect(error.args).toEqual([granted.leaseId, otherAccount.address]);
    await expectRevert(revokeLease(f.as(requesterAccount), granted.leaseId), 'NotLeaseOwner');
    await revokeLease(f.owner, granted.leaseId);
    await expectRevert(revokeLease(f.owner, granted.leaseId), 'LeaseClosed');
  });

  it('is active at +59 s and not at +60 s or +61 s of a 60 s lease', async () => {
    const f = fx();
    await f.deposit(6_000n);
    const granted = await grantSigned(await freshMessage());
    await f.mineAt(granted.start + 59n);
    expect(await isLeaseActive(f.owner, granted.leaseId)).toBe(true);
    expect((await readLease(f.owner, granted.leaseId))?.status).toBe('active');
    await f.mineAt(granted.start + 60n);
    expect(await isLeaseActive(f.owner, granted.leaseId)).toBe(false);
    await f.mineAt(granted.start + 61n);
    expect(await isLeaseActive(f.owner, granted.leaseId)).toBe(false);
    expect((await readLease(f.owner, granted.leaseId))?.status).toBe('expired');
    await expectRevert(revokeLease(f.owner, granted.leaseId), 'LeaseNotActive');
  });

  it("sees expiry on an idle chain when reading at the pending block (no block mined since the grant)", async () => {
    const f = fx();
    await f.deposit(6_000n);
    const granted = await grantSigned(await freshMessage());
    const pending = { ...f.owner, readBlockTag: 'pending' as const };
    expect(await isLeaseActive(pending, granted.leaseId)).toBe(true);
    await f.chain.testClient.increaseTime({ seconds: 61 }); // moves the clock, mines nothing
    expect(await isLeaseActive(f.owner, granted.leaseId)).toBe(true); // 'latest' is stale
    expect(await isLeaseActive(pending, granted.leaseId)).toBe(false);
    expect((await readLease(pending, granted.leaseId))?.status).toBe('expired');
  });

  it('refuses to settle before expiry, then pays the owner in full; anyone may settle', async () => {
    const f = fx();
    await f.deposit(6_000n);
    const granted = await grantSigned(await freshMessage());
    await f.nextBlockAt(granted.start + 59n);
    const early = await expectRevert(settleLease(f.as(thirdAccount), granted.leaseId), 'LeaseNotExpired');
    expect(early.args).toEqual([granted.leaseId, granted.expiry]);
    await f.nextBlockAt(granted.start + 60n);
    const settled = await settleLease(f.as(thirdAccount), granted.leaseId);
    expect(settled.ownerAmount).toBe(6000n);
    expect(await readBalance(f.owner, ownerAccount.address)).toBe(6000n);
    expect((await readLease(f.owner, granted.leaseId))?.status).toBe('settled');
    await expectRevert(settleLease(f.owner, granted.leaseId), 'LeaseClosed');

    const before = await f.chain.publicClient.getBalance({ address: ownerAccount.address });
    const hash = await withdrawBalance(f.owner, 6000n);
    const receipt = await waitForReceipt(f.chain.publicClient, hash);
    const after = await f.chain.publicClient.getBalance({ address: ownerAccount.address });
    expect(after - before).toBe(6000n - receipt.gasUsed * receipt.effectiveGasPrice);
  });

  it('cannot settle a revoked lease', async () => {
    const f = fx();
    await f.deposit(6_000n);
    const granted = await grantSigned(await freshMessage());
    await revokeLease(f.owner, granted.leaseId);
    await f.nextBlockAt(granted.start + 120n);
    await expectRevert(settleLease(f.owner, granted.leaseId), 'LeaseClosed');
  });

  it('reports unknown leases', async () => {
    const f = fx();
    expect(await readLease(f.owner, 999n)).toBeNull();
    expect(await isLeaseActive(f.owner, 999n)).toBe(false);
    await expectRevert(revokeLease(f.owner, 999n), 'LeaseNotFound');
    expect(await findLeaseByNonce(f.owner, requesterAccount.address, 424242n)).toBeNull();
  });
});

describe('recordDelivery', () => {
  it('records result hashes only by the owner and only while the lease is active', async () => {
    const f = fx();
    await f.deposit(12_000n);
    const granted = await grantSigned(await freshMessage());
    const first = await recordDelivery(f.owner, granted.leaseId, keccak256(toHex('result 1')));
    const second = await recordDelivery(f.owner, granted.leaseId, keccak256(toHex('result 2')));
    expect([first.count, second.count]).toEqual([1, 2]);
    expect((await readLease(f.owner, granted.leaseId))?.deliveries).toBe(2);
    await expectRevert(recordDelivery(f.as(requesterAccount), granted.leaseId, keccak256('0x01')), 'NotLeaseOwner');
    await expectRevert(recordDelivery(f.owner, granted.leaseId, zeroHash), 'InvalidResultHash');

    const logs = await f.chain.publicClient.getContractEvents({
      address: f.contract,
      abi: dataLeaseAbi,
      eventName: 'DeliveryRecorded',
      args: { id: granted.leaseId },
      fromBlock: granted.blockNumber,
    });
    expect(logs.map((l) => l.args.resultHash)).toEqual([keccak256(toHex('result 1')), keccak256(toHex('result 2'))]);

    await f.nextBlockAt(granted.start + 60n);
    await expectRevert(recordDelivery(f.owner, granted.leaseId, keccak256('0x02')), 'LeaseNotActive');

    const other = await grantSigned(await freshMessage());
    await revokeLease(f.owner, other.leaseId);
    await expectRevert(recordDelivery(f.owner, other.leaseId, keccak256('0x03')), 'LeaseNotActive');
  });
});

describe('reentrancy', () => {
  it('a receiver that re-enters withdraw cannot drain the contract', async () => {
    const f = fx();
    const { compileHelperContract } = await import('../../helpers/chain-attacker.js');
    const attacker = compileHelperContract();
    const wallet = f.chain.walletClient(otherAccount);
    const deployHash = await wallet.deployContract({ abi: attacker.abi, bytecode: attacker.bytecode, args: [f.contract] });
    const address = (await waitForReceipt(f.chain.publicClient, deployHash)).contractAddress!;
    await f.deposit(10_000n); // someone else's money in the contract
    const fund = await wallet.writeContract({ address, abi: attacker.abi, functionName: 'depositAndAttack', value: 1_000n });
    const receipt = await waitForReceipt(f.chain.publicClient, fund);
    expect(receipt.status).toBe('success');
    // The nested withdraw hit the guard, so the payout call failed and the outer withdraw reverted.
    expect(await f.chain.publicClient.readContract({ address, abi: attacker.abi, functionName: 'outcome' })).toBe(
      'withdraw reverted',
    );
    expect(await readBalance(f.owner, address)).toBe(1_000n);
    expect(await f.chain.publicClient.getBalance({ address: f.contract })).toBe(11_000n);
  });
});
