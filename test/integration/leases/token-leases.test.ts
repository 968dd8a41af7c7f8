/**
 * Leases paid in an ERC-20 token, through the wallet's lease service on a real
 * vault and the embedded chain: the chain's test stablecoin, token units read
 * from the token contract, token warnings, exact token payouts on revoke,
 * withdrawal to the wallet account, and the version-1 upgrade refusal.
 */
import { erc20Abi, getAddress, parseEther, zeroAddress, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStablecoinAbi } from '../../../contracts/artifacts/test/TestTokens.js';
import { readBalance } from '../../../electron/core/chain/data-lease/withdraw-balance.js';
import { LeaseRequestRefusedError } from '../../../electron/core/leases/errors.js';
import { encodeBase64Url } from '../../../shared/lease/base64url.js';
import { encodeLeaseLink } from '../../../shared/lease/link.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { otherAccount, REQUESTER_KEY, requesterAccount, signWithEthers } from '../../helpers/chain-requests.js';
import { closeWallet, freshMessage, nextBlockAt, openWallet, signedLink, syncClock, type Wallet } from '../../helpers/lease-fixture.js';
import { deployNoReturnToken, depositTokenAs, mintTo, tokenBalance } from '../../helpers/test-tokens.js';

let w: Wallet;
let tstc: Address;

beforeAll(async () => {
  w = await openWallet();
  tstc = w.chain.testStablecoin!;
  const embedded = w.chain.embedded!;
  await embedded.testClient.setBalance({ address: requesterAccount.address, value: parseEther('100') });
  await mintTo(embedded, tstc, requesterAccount, requesterAccount.address, 1_000_000_000n);
  await depositTokenAs(embedded, w.chain.contract, requesterAccount, tstc, 100_000_000n);
});

afterAll(async () => {
  await closeWallet(w);
});

function tokenMessage(overrides: Partial<LeaseRequestMessage> = {}) {
  return freshMessage(w, { token: tstc, ...overrides });
}

describe('the embedded chain test stablecoin', () => {
  it('is deployed with the contract, clearly named, 6 decimals; never on a configured network', async () => {
    expect(tstc).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const pc = w.chain.ctx.publicClient;
    expect(await pc.readContract({ address: tstc, abi: testStablecoinAbi, functionName: 'name' })).toBe('Test Stablecoin (not real money)');
    expect(await pc.readContract({ address: tstc, abi: erc20Abi, functionName: 'decimals' })).toBe(6);
    expect(w.chain.prepared?.testStablecoin).toBe(tstc);
  });
});

describe('token leases in the wallet', () => {
  it('inspects a viem-signed version-2 token request in the token’s own units, flagged as test money', async () => {
    const message = await tokenMessage({ price: 25_000_000n });
    const inspected = await w.service.inspect((await signedLink(w, message)).link);
    expect(inspected.currency).toEqual({ symbol: 'TSTC', decimals: 6, token: getAddress(tstc), testToken: true });
    expect(inspected.terms.price).toBe('25000000');
    expect(inspected.warnings.map((x) => x.code)).toEqual(['token-test-only']);
    expect(inspected.warnings[0]!.message).toMatch(/NOT real money/);
  });

  it('grants viem- and ethers-signed token requests; the lease views carry the token units', async () => {
    for (const signer of ['viem', 'ethers'] as const) {
      const message = await tokenMessage();
      const link =
        signer === 'viem'
          ? (await signedLink(w, message)).link
          : encodeLeaseLink({
              chainId: w.chain.chainId,
              verifyingContract: w.chain.contract,
              message,
              signature: await signWithEthers(REQUESTER_KEY, { chainId: w.chain.chainId, verifyingContract: w.chain.contract }, message),
            });
      const view = await w.service.approve(link);
      expect(view.status, signer).toBe('active');
      expect(view.terms.price).toBe('6000');
      expect(view.currency).toMatchObject({ symbol: 'TSTC', decimals: 6, token: getAddress(tstc) });
      expect((await w.service.show(view.leaseId!)).currency.symbol).toBe('TSTC');
    }
    const listed = await w.service.list();
    expect(listed.filter((l) => l.currency.symbol === 'TSTC').length).toBeGreaterThanOrEqual(2);
  });

  it('revoke pays exact token amounts (2000 of 6000 after 20 of 60 s) and withdraw moves them to the wallet account', async () => {
    await w.service.withdraw(tstc); // start from zero earnings in the token
    const message = await tokenMessage();
    const view = await w.service.approve((await signedLink(w, message)).link);
    await nextBlockAt(w, BigInt(view.startsAt! / 1000) + 20n);
    const revoked = await w.service.revoke(view.leaseId!);
    expect(revoked).toMatchObject({ status: 'revoked', ownerPaid: '2000', refunded: '4000' });
    expect(revoked.currency.symbol).toBe('TSTC');
    await syncClock(w);

    const account = w.chain.account.address;
    const earnings = await w.service.earnings();
    expect(earnings.find((e) => e.token === getAddress(tstc))).toMatchObject({ amount: 2000n, currency: { symbol: 'TSTC', decimals: 6 } });
    expect(earnings[0]!.token).toBe(zeroAddress);

    const before = await tokenBalance(w.chain.embedded!, tstc, account);
    const nativeBefore = await readBalance(w.chain.ctx, account);
    const withdrawn = await w.service.withdraw(tstc);
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]).toMatchObject({ token: getAddress(tstc), amount: 2000n });
    expect(await tokenBalance(w.chain.embedded!, tstc, account)).toBe(before + 2000n);
    expect(await readBalance(w.chain.ctx, account, tstc)).toBe(0n);
    // Only the token was withdrawn; native earnings stay in the contract.
    expect(await readBalance(w.chain.ctx, account)).toBe(nativeBefore);
    expect(await w.service.withdraw(tstc)).toEqual([]);
    const audit = w.audit.list({ limit: 1000 }).filter((e) => e.type === 'earnings.withdrawn');
    expect(audit.at(-1)?.data).toMatchObject({ token: getAddress(tstc), amount: '2000', txHash: withdrawn[0]!.transactionHash });
  });

  it('a version-1 link is refused with the upgrade error', async () => {
    const { link } = await signedLink(w, await tokenMessage());
    const json = JSON.parse(Buffer.from(link.split('?r=')[1]!, 'base64url').toString('utf8')) as { message: Record<string, unknown> };
    delete json.message['token'];
    const v1 = `datawallet://lease-request?r=${encodeBase64Url(new TextEncoder().encode(JSON.stringify(json)))}`;
    const error = await w.service.receive(v1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LeaseRequestRefusedError);
    expect(error).toMatchObject({ reason: 'malformed', linkCode: 'LINK_PROTOCOL_VERSION' });
    expect((error as LeaseRequestRefusedError).hint).toMatch(/requester must upgrade/);
  });
});

describe('token warnings', () => {
  it('flags a token posing as USDC (plain or with a Cyrillic look-alike letter) and one like the network currency', async () => {
    const embedded = w.chain.embedded!;
    for (const [symbol, like] of [
      ['USDC', 'USDC'],
      ['USDС', 'USDC'], // Cyrillic С
      ['ETH', 'ETH'],
    ] as const) {
      const token = await deployNoReturnToken(embedded, requesterAccount, 0n, symbol);
      const inspected = await w.service.inspect((await signedLink(w, await tokenMessage({ token }))).link);
      expect(inspected.warnings.map((x) => x.code), symbol).toEqual(['token-symbol-confusable']);
      expect(inspected.warnings[0]!.message).toContain(like);
      expect(inspected.warnings[0]!.message).not.toContain('С');
      const preview = await w.service.previewApproval((await signedLink(w, await tokenMessage({ token }))).link);
      expect(preview.warnings.some((m) => m.includes(like))).toBe(true);
    }
    const plain = await deployNoReturnToken(embedded, requesterAccount, 0n, 'LABT');
    expect((await w.service.inspect((await signedLink(w, await tokenMessage({ token: plain }))).link)).warnings).toEqual([]);
  });

  it('flags an address that does not answer as an ERC-20 and shows its amounts in base units', async () => {
    const inspected = await w.service.inspect((await signedLink(w, await tokenMessage({ token: otherAccount.address }))).link);
    expect(inspected.warnings.map((x) => x.code)).toEqual(['token-not-erc20']);
    expect(inspected.currency).toEqual({ symbol: 'token units', decimals: 0, token: otherAccount.address });
  });
});
