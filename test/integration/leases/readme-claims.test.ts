/**
 * Claims electron/core/leases/README.md makes, each pinned by a test: the
 * wallet key never shows; chain writes run one at a time; an expired lease
 * whose settlement failed is retried every 30 s; a configured contract that is
 * not a DataLease is refused; a lease that expired while nothing ran is settled
 * by the next start; "known" means labelled or granted before.
 */
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkDataLeaseContract } from '../../../electron/core/chain/deploy-data-lease.js';
import { ContractNotDeployedError } from '../../../electron/core/chain/errors.js';
import { openLeaseRuntime } from '../../../electron/core/leases/open-lease-runtime.js';
import { WALLET_KEY_SETTING } from '../../../electron/core/chain/wallet-account.js';
import { compileHelperContract } from '../../helpers/chain-attacker.js';
import { otherAccount } from '../../helpers/chain-requests.js';
import { closeWallet, freshMessage, fundRequester, openWallet, signedLink, travelTo, type Wallet } from '../../helpers/lease-fixture.js';

describe('README claims', () => {
  let w: Wallet;
  beforeAll(async () => {
    w = await openWallet();
    await fundRequester(w, parseEther('1'));
    await fundRequester(w, parseEther('1'), otherAccount);
  });
  afterAll(() => closeWallet(w));

  it('"known" is true when the owner labelled the requester or granted it a lease before, and only then', async () => {
    const first = await freshMessage(w, { requester: otherAccount.address });
    const { link } = await signedLink(w, first, otherAccount);
    expect((await w.service.inspect(link)).known).toBe(false);
    w.service.labelRequester(otherAccount.address, 'Other Lab');
    expect((await w.service.inspect(link)).known).toBe(true);
    w.service.labelRequester(otherAccount.address, null);
    expect((await w.service.inspect(link)).known).toBe(false);
    await w.service.decline(link); // a declined request does not make it known
    const second = (await signedLink(w, await freshMessage(w, { requester: otherAccount.address }), otherAccount)).link;
    expect((await w.service.inspect(second)).known).toBe(false);
    await w.service.approve(second);
    const third = (await signedLink(w, await freshMessage(w, { requester: otherAccount.address }), otherAccount)).link;
    expect((await w.service.inspect(third)).known).toBe(true);
  });

  it('chain writes of one service run one at a time: concurrent approvals and a revoke all succeed, in call order', async () => {
    const links: string[] = [];
    for (let i = 0; i < 4; i++) links.push((await signedLink(w, await freshMessage(w, { duration: 86_400n }))).link);
    const first = await w.service.approve(links[0]!);
    // All at once: without the queue their transactions would race for the account's nonces.
    const [a, b, revoked, c] = await Promise.all([
      w.service.approve(links[1]!),
      w.service.approve(links[2]!),
      w.service.revoke(first.leaseId!),
      w.service.approve(links[3]!),
    ]);
    expect(revoked.status).toBe('revoked');
    const client = w.chain.ctx.publicClient;
    const blockOf = async (hash: `0x${string}`) => (await client.getTransactionReceipt({ hash })).blockNumber;
    const blocks = [await blockOf(a.grantTx!), await blockOf(b.grantTx!), await blockOf(revoked.revokeTx!), await blockOf(c.grantTx!)];
    // Each write waited for the one before: strictly later blocks, in the order the calls were made.
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!).toBeGreaterThan(blocks[i - 1]!);
  });

  it('the wallet key is never in the audit log, an error, or anything the service returns', async () => {
    const key = w.vault.settings.get(WALLET_KEY_SETTING) as string;
    expect(key).toMatch(/^0x[0-9a-f]{64}$/);
    const bare = key.slice(2);
    const lease = await w.service.approve((await signedLink(w, await freshMessage(w))).link);
    const errors = await Promise.all([
      w.service.revoke('999999').catch((e: unknown) => e),
      w.service.approve('datawallet://lease-request?r=x').catch((e: unknown) => e),
      w.service.approve(lease.id).catch((e: unknown) => e),
    ]);
    const seen = JSON.stringify({
      audit: w.audit.list({ limit: 1000 }),
      list: await w.service.list(),
      lease,
      receipt: w.service.receipt(lease.id),
      errors: errors.map((e) => [String(e), (e as Error).stack, (e as { details?: string }).details]),
    });
    expect(seen).not.toContain(bare);
    expect(seen.toLowerCase()).not.toContain(bare.toLowerCase());
  });

  it('an expired lease whose settlement failed is retried every 30 s by the scheduler', async () => {
    const lease = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 5n }))).link);
    const test = w.chain.embedded!.testClient;
    const gas = await w.chain.ctx.publicClient.getBalance({ address: w.chain.account.address });
    await test.setBalance({ address: w.chain.account.address, value: 0n }); // the settle cannot pay for gas
    await travelTo(w, BigInt(lease.expiresAt! / 1000) + 1n);
    const first = await w.service.tick();
    expect(first.expired).toEqual([lease.leaseId]);
    expect(first.failed.map((f) => f.leaseId)).toEqual([lease.leaseId]);
    await test.setBalance({ address: w.chain.account.address, value: gas });

    const delays: number[] = [];
    const real = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      // Run the scheduler's 30 s retry at once, so the test need not wait; every other timer as asked.
      return real(fn, ms === 30_000 ? 0 : ms);
    }) as typeof setTimeout);
    const ticked = new Promise<void>((resolve) => w.service.startScheduler({ onTick: () => resolve() }));
    try {
      await ticked;
    } finally {
      w.service.stopScheduler();
      spy.mockRestore();
    }
    expect(delays).toContain(30_000);
    expect(w.service.get(lease.id).status).toBe('settled');
  });

  it('a lease that expired while nothing ran is settled by the next start (the next command)', async () => {
    const own = await openWallet();
    const root = own.root;
    let rt: Awaited<ReturnType<typeof openLeaseRuntime>> | undefined;
    try {
      await fundRequester(own, parseEther('1'));
      const lease = await own.service.approve((await signedLink(own, await freshMessage(own, { duration: 2n }))).link);
      await closeWallet(own, { remove: false });
      // Nothing runs while it expires (real time: a restarted chain's clock follows the wall clock).
      await new Promise((r) => setTimeout(r, Math.max(0, lease.expiresAt! - Date.now()) + 1500));
      // The next command opens the runtime on the same folder: reconcile, then one tick.
      const { unlockVault } = await import('../../../electron/core/vault/index.js');
      const { PASSPHRASE, TEST_OPTIONS } = await import('../../helpers/vault-fixtures.js');
      const vault = await unlockVault(`${root}/vault`, { passphrase: PASSPHRASE }, TEST_OPTIONS);
      rt = await openLeaseRuntime({
        vault,
        dataDir: root,
        now: Date.now,
        scheduler: false,
        readBlockTag: 'latest',
        embedded: { autoRestart: false, stateIntervalSeconds: 3600 },
      });
      expect(rt.service.get(lease.id)).toMatchObject({ status: 'settled', ownerPaid: lease.terms.price });
      await rt.stop();
      vault.lock();
    } finally {
      await rt?.stop();
      const { rmSync } = await import('node:fs');
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a configured contract that is not a DataLease is refused (what chain use checks)', async () => {
    const embedded = w.chain.embedded!;
    const { abi, bytecode } = compileHelperContract();
    const wallet = embedded.walletClient(otherAccount);
    const hash = await wallet.deployContract({ abi, bytecode, args: [w.chain.contract], account: otherAccount, chain: wallet.chain });
    const { contractAddress } = await embedded.publicClient.waitForTransactionReceipt({ hash });
    await expect(checkDataLeaseContract(embedded.publicClient, contractAddress!)).rejects.toBeInstanceOf(ContractNotDeployedError);
    await expect(checkDataLeaseContract(embedded.publicClient, otherAccount.address)).rejects.toBeInstanceOf(ContractNotDeployedError);
    await expect(checkDataLeaseContract(embedded.publicClient, w.chain.contract)).resolves.toBeUndefined();
  });
});
