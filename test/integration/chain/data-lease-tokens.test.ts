/**
 * DataLease paid in ERC-20 tokens, on a real embedded chain with the committed
 * artifacts: the 6-decimal TestStablecoin (OpenZeppelin ERC20) and
 * NoReturnToken (no bool returned; optional fee on transfer).
 */
import { getAddress, parseEther, zeroAddress, type Address, type Hex } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataLeaseAbi } from '../../../contracts/artifacts/DataLease.js';
import { commitAndGrantLease } from '../../../electron/core/chain/data-lease/grant-lease.js';
import { readLease } from '../../../electron/core/chain/data-lease/read-lease.js';
import { revokeLease } from '../../../electron/core/chain/data-lease/revoke-lease.js';
import { settleLease } from '../../../electron/core/chain/data-lease/settle-lease.js';
import { readBalance, withdrawBalance } from '../../../electron/core/chain/data-lease/withdraw-balance.js';
import { DataLeaseRevertError, mapChainError } from '../../../electron/core/chain/errors.js';
import { hashLeaseScope, requestedScope } from '../../../shared/lease/eip712.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { useChainFixture } from '../../helpers/chain-fixture.js';
import { otherAccount, OTHER_KEY, ownerAccount, REQUESTER_KEY, requesterAccount, sampleMessage, signWithEthers } from '../../helpers/chain-requests.js';
import { deployNoReturnToken, deployStablecoin, depositTokenAs, mintTo, tokenBalance } from '../../helpers/test-tokens.js';

const fx = useChainFixture();
let stable: Address;
let noReturn: Address;
let feeToken: Address;

beforeAll(async () => {
  const f = fx();
  stable = await deployStablecoin(f.chain, ownerAccount);
  noReturn = await deployNoReturnToken(f.chain, ownerAccount);
  feeToken = await deployNoReturnToken(f.chain, ownerAccount, 100n, 'FEE');
  for (const token of [stable, noReturn, feeToken]) await mintTo(f.chain, token, requesterAccount, requesterAccount.address, 1_000_000_000n);
});

async function expectRevert(promise: Promise<unknown>, reason: DataLeaseRevertError['reason']): Promise<DataLeaseRevertError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${reason} revert, but the call succeeded`);
    },
    (e: unknown) => mapChainError(e),
  );
  expect(error).toBeInstanceOf(DataLeaseRevertError);
  expect((error as DataLeaseRevertError).reason).toBe(reason);
  return error as DataLeaseRevertError;
}

let nonce = 5000n;
function tokenMessage(token: Address, overrides: Partial<LeaseRequestMessage> = {}): LeaseRequestMessage {
  nonce += 1n;
  return sampleMessage({ token, nonce, ...overrides });
}

async function grant(message: LeaseRequestMessage, signature?: Hex, duration = message.duration) {
  const f = fx();
  return commitAndGrantLease(f.owner, {
    message,
    signature: signature ?? (await f.sign(message)),
    scopeHash: hashLeaseScope(requestedScope(message)),
    duration,
  });
}

const escrowed = (token: Address) =>
  fx().chain.publicClient.readContract({ address: fx().contract, abi: dataLeaseAbi, functionName: 'totalEscrowed', args: [token] });

describe('token deposits', () => {
  it('approve + deposit credits the balance in that token only; native and token balances never mix', async () => {
    const f = fx();
    await depositTokenAs(f.chain, f.contract, requesterAccount, stable, 10_000n);
    await f.deposit(777n);
    expect(await readBalance(f.owner, requesterAccount.address, stable)).toBe(10_000n);
    expect(await readBalance(f.owner, requesterAccount.address)).toBe(777n);
    expect(await tokenBalance(f.chain, stable, f.contract)).toBe(10_000n);
  });

  it('works with a token whose transfer and approve return no bool (SafeERC20)', async () => {
    const f = fx();
    await depositTokenAs(f.chain, f.contract, requesterAccount, noReturn, 5_000n);
    expect(await readBalance(f.owner, requesterAccount.address, noReturn)).toBe(5_000n);
    const ctx = f.as(requesterAccount);
    const before = await tokenBalance(f.chain, noReturn, requesterAccount.address);
    await withdrawBalance(ctx, 2_000n, noReturn);
    expect(await tokenBalance(f.chain, noReturn, requesterAccount.address)).toBe(before + 2_000n);
    expect(await readBalance(f.owner, requesterAccount.address, noReturn)).toBe(3_000n);
  });

  it('refuses a fee-on-transfer token at deposit: nothing is credited or kept', async () => {
    const f = fx();
    const before = await tokenBalance(f.chain, feeToken, requesterAccount.address);
    const error = await expectRevert(depositTokenAs(f.chain, f.contract, requesterAccount, feeToken, 10_000n), 'FeeOnTransferRefused');
    expect(error.args).toEqual([feeToken, 10_000n, 9_900n]);
    expect(await readBalance(f.owner, requesterAccount.address, feeToken)).toBe(0n);
    expect(await tokenBalance(f.chain, feeToken, requesterAccount.address)).toBe(before);
  });

  it('refuses the zero address as a token, an account without code, and overdrafts per token', async () => {
    const f = fx();
    const sdkCall = (token: Address) =>
      f.chain.walletClient(requesterAccount).writeContract({ address: f.contract, abi: dataLeaseAbi, functionName: 'depositToken', args: [token, 1n] });
    await expectRevert(sdkCall(zeroAddress), 'NativeIsNotAToken');
    await expect(sdkCall(otherAccount.address)).rejects.toThrow(/reverted/);
    await f.deposit(5_000n);
    // 5000 wei of native balance does not let anyone withdraw 1 unit of the stablecoin.
    await expectRevert(withdrawBalance(f.as(requesterAccount), 1n, stable), 'InsufficientBalance');
  });
});

describe('token leases', () => {
  it('grants viem- and ethers-signed version-2 requests paid in a token: escrow in that token, lease records it', async () => {
    const f = fx();
    await depositTokenAs(f.chain, f.contract, requesterAccount, stable, 20_000n);
    const domain = { chainId: f.chain.chainId, verifyingContract: f.contract };
    const viemSigned = tokenMessage(stable);
    const a = await grant(viemSigned);
    const ethersSigned = tokenMessage(stable);
    const b = await grant(ethersSigned, await signWithEthers(REQUESTER_KEY, domain, ethersSigned));
    expect(a.price).toBe(6000n);
    expect(b.price).toBe(6000n);
    expect((await readLease(f.owner, a.leaseId))?.token).toBe(getAddress(stable));
    expect((await readLease(f.owner, b.leaseId))?.token).toBe(getAddress(stable));
    expect(await readBalance(f.owner, requesterAccount.address, stable)).toBe(8_000n);
    expect(await escrowed(stable)).toBe(12_000n);
    expect(await escrowed(zeroAddress)).toBe(0n);
  });

  it('refuses a token lease the token deposit does not cover, even with native money deposited', async () => {
    const f = fx();
    await f.deposit(parseEther('1'));
    await depositTokenAs(f.chain, f.contract, requesterAccount, stable, 5_999n);
    const error = await expectRevert(grant(tokenMessage(stable)), 'InsufficientDeposit');
    expect(error.args).toEqual([requesterAccount.address, getAddress(stable), 5_999n, 6_000n]);
  });

  it('refuses a request in which any of the 14 signed fields was changed, the token included', async () => {
    const f = fx();
    await depositTokenAs(f.chain, f.contract, requesterAccount, stable, 1_000_000n);
    await depositTokenAs(f.chain, f.contract, requesterAccount, noReturn, 1_000_000n);
    await f.deposit(parseEther('1'));
    const message = tokenMessage(stable);
    const signature = await f.sign(message);
    const tampered: [keyof LeaseRequestMessage, Partial<LeaseRequestMessage>][] = [
      ['requester', { requester: otherAccount.address }],
      ['requesterName', { requesterName: 'Sleep Lab, University of Exampel' }],
      ['purpose', { purpose: 'dpv:Marketing' }],
      ['description', { description: `${message.description} ` }],
      ['datasets', { datasets: [...message.datasets].reverse() }],
      ['dataFrom', { dataFrom: message.dataFrom - 1n }],
      ['dataTo', { dataTo: message.dataTo + 1n }],
      ['duration', { duration: 600n }],
      ['token', { token: noReturn }],
      ['price', { price: 1n }],
      ['maxEpsilonMilli', { maxEpsilonMilli: 30_000 }],
      ['taskUrl', { taskUrl: 'https://evil.example/tasks' }],
      ['nonce', { nonce: message.nonce + 1n }],
      ['deadline', { deadline: message.deadline + 1n }],
    ];
    expect(new Set(tampered.map(([field]) => field)).size).toBe(14);
    expect(Object.keys(message).sort()).toEqual(tampered.map(([field]) => field).sort());
    for (const [, change] of tampered) {
      await expectRevert(grant({ ...message, ...change }, signature, 60n), 'SignerMismatch');
    }
    // Paying in the native currency instead of the signed token is a change too.
    await expectRevert(grant({ ...message, token: zeroAddress }, signature, 60n), 'SignerMismatch');
    // A signature by another key over the same token request is refused as well.
    const forged = await signWithEthers(OTHER_KEY, { chainId: f.chain.chainId, verifyingContract: f.contract }, message);
    await expectRevert(grant(message, forged, 60n), 'SignerMismatch');
    // The untampered request still goes through.
    expect((await grant(message, signature)).price).toBe(6000n);
  });

  it('revoke pays exact token amounts: 6000 units over 60 s revoked at 20 s → 2000 owner / 4000 requester', async () => {
    const f = fx();
    await depositTokenAs(f.chain, f.contract, requesterAccount, stable, 6_000n);
    const granted = await grant(tokenMessage(stable));
    await f.nextBlockAt(granted.start + 20n);
    const revoked = await revokeLease(f.owner, granted.leaseId);
    expect(revoked).toMatchObject({ ownerAmount: 2000n, requesterRefund: 4000n });
    expect(await readBalance(f.owner, ownerAccount.address, stable)).toBe(2000n);
    expect(await readBalance(f.owner, requesterAccount.address, stable)).toBe(4000n);
    expect(await readBalance(f.owner, ownerAccount.address)).toBe(0n);
    expect(await escrowed(stable)).toBe(0n);
  });

  it('revoke rounds down in token units: 1000 over 3 s revoked at 1 s → 333 owner / 667 requester', async () => {
    const f = fx();
    await depositTokenAs(f.chain, f.contract, requesterAccount, noReturn, 1_000n);
    const granted = await grant(tokenMessage(noReturn, { price: 1000n, duration: 3n }));
    await f.nextBlockAt(granted.start + 1n);
    const revoked = await revokeLease(f.owner, granted.leaseId);
    expect(revoked).toMatchObject({ ownerAmount: 333n, requesterRefund: 667n });
    expect(await readBalance(f.owner, ownerAccount.address, noReturn)).toBe(333n);
    expect(await readBalance(f.owner, requesterAccount.address, noReturn)).toBe(667n);
  });

  it('settle pays the owner in the lease token, and withdraw moves those tokens to the owner account', async () => {
    const f = fx();
    await depositTokenAs(f.chain, f.contract, requesterAccount, stable, 6_000n);
    const granted = await grant(tokenMessage(stable));
    await f.mineAt(granted.expiry);
    await settleLease(f.as(otherAccount), granted.leaseId);
    expect(await readBalance(f.owner, ownerAccount.address, stable)).toBe(6000n);
    const before = await tokenBalance(f.chain, stable, ownerAccount.address);
    await withdrawBalance(f.owner, 6000n, stable);
    expect(await tokenBalance(f.chain, stable, ownerAccount.address)).toBe(before + 6000n);
    expect(await readBalance(f.owner, ownerAccount.address, stable)).toBe(0n);
    expect(await tokenBalance(f.chain, stable, f.contract)).toBe(0n);
  });
});
