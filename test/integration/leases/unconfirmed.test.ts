/**
 * Transactions the chain has not confirmed (automine off): a receipt timeout
 * leaves the lease `unconfirmed` and nothing is deleted; reconcile resolves it
 * by transaction hash and by nonce + owner and never sends a second grant
 * while the first waits. A revoke writes `revoking` first, and access is
 * denied from then on. A kill -9 of the wallet while its grant waits in the
 * mempool of a network (that outlives the wallet) is resolved the same way.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { http, parseEther, type Address, type Hash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAnvilBinary } from '../../../electron/core/chain/anvil-binary.js';
import { createAnvilTestClient, createChainClients, embeddedChainDefinition, type AnvilTestClient } from '../../../electron/core/chain/clients.js';
import { readLease } from '../../../electron/core/chain/data-lease/read-lease.js';
import { deployDataLease } from '../../../electron/core/chain/deploy-data-lease.js';
import { AuditLog } from '../../../electron/core/audit/index.js';
import { GrantUnconfirmedError, LeaseAccessDeniedError, RequestAlreadyDecidedError, RevokeUnconfirmedError } from '../../../electron/core/leases/errors.js';
import { LeaseService } from '../../../electron/core/leases/lease-service.js';
import { openWalletChain } from '../../../electron/core/chain/wallet-chain.js';
import { writeNetworkConfig } from '../../../electron/core/chain/network-config.js';
import { ensureWalletAccount } from '../../../electron/core/chain/wallet-account.js';
import { createVault, unlockVault } from '../../../electron/core/vault/index.js';
import { deposit } from '../../../requester/deposit.js';
import { signLeaseRequest } from '../../../requester/sign-lease-request.js';
import { encodeLeaseLink } from '../../../shared/lease/link.js';
import { makeTempDir } from '../../helpers/chain-fixture.js';
import { ownerAccount, requesterAccount, sampleMessage } from '../../helpers/chain-requests.js';
import { closeWallet, freshMessage, fundRequester, nextBlockAt, openWallet, signedLink, type Wallet } from '../../helpers/lease-fixture.js';
import { PASSPHRASE, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const STEP = 'HKQuantityTypeIdentifierStepCount';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Hashes of the transactions waiting in the mempool. */
async function mempool(test: Pick<AnvilTestClient, 'getTxpoolContent'>): Promise<Hash[]> {
  const content = await test.getTxpoolContent();
  return Object.values(content.pending).flatMap((byNonce) => Object.values(byNonce).map((tx) => tx.hash));
}

/** Waits until the mempool holds `count` transactions (and returns them). */
async function waitForMempool(test: Pick<AnvilTestClient, 'getTxpoolContent'>, count: number): Promise<Hash[]> {
  for (let i = 0; i < 1000; i++) {
    const txs = await mempool(test);
    if (txs.length >= count) return txs;
    await sleep(10);
  }
  throw new Error(`the mempool never held ${count} transactions`);
}

describe('unconfirmed transactions on the embedded chain (automine off)', () => {
  let w: Wallet;
  beforeAll(async () => {
    w = await openWallet();
    await fundRequester(w, parseEther('1'));
  });
  afterAll(async () => {
    await w.chain.embedded!.testClient.setAutomine(true);
    await closeWallet(w);
  });

  it('a grant whose receipt times out is left unconfirmed; reconcile finds it by hash once mined and never sends it twice', async () => {
    const test = w.chain.embedded!.testClient;
    const { link } = await signedLink(w, await freshMessage(w, { duration: 86_400n }));
    w.chain.ctx.receiptTimeoutMs = 400;
    await test.setAutomine(false);
    try {
      const approving = w.service.approve(link).catch((e: unknown) => e);
      const [commitTx] = await waitForMempool(test, 1);
      await test.mine({ blocks: 1 }); // the commit is mined; the grant follows it into the mempool
      const e = await approving;
      expect(e).toBeInstanceOf(GrantUnconfirmedError);
      expect((e as GrantUnconfirmedError).sent).toBe(true);
      const [grantTx] = await mempool(test);
      expect(grantTx).toBeDefined();
      expect(grantTx).not.toBe(commitTx);

      const [view] = (await w.service.list({ chain: false })).filter((l) => l.requested.duration === '86400');
      expect(view).toMatchObject({ status: 'unconfirmed', leaseId: null, grantTx });
      expect(view!.note).toContain(grantTx);
      expect(await w.service.approve(view!.id).catch((x: unknown) => x)).toBeInstanceOf(RequestAlreadyDecidedError);
      expect(w.audit.list({ subject: view!.id }).map((x) => x.type)).toContain('lease.grant-unconfirmed');

      // Still in the mempool: reconcile waits for it, sends nothing new, deletes nothing.
      const waiting = await w.service.reconcile();
      expect(waiting.unconfirmed).toEqual([{ id: view!.id, txHash: grantTx, reason: expect.stringContaining(grantTx!) as string }]);
      expect(waiting.missing).toEqual([]);
      expect(await mempool(test)).toEqual([grantTx]);
      expect(w.service.get(view!.id).status).toBe('unconfirmed');

      await test.mine({ blocks: 1 });
      const mined = await w.service.reconcile();
      expect(mined.found).toHaveLength(1);
      const lease = w.service.get(view!.id);
      expect(lease).toMatchObject({ status: 'active', grantTx });
      const onChain = await readLease(w.chain.ctx, BigInt(lease.leaseId!));
      expect(onChain).toMatchObject({ owner: w.chain.account.address, requestDigest: view!.id });
    } finally {
      await test.setAutomine(true);
      delete w.chain.ctx.receiptTimeoutMs;
    }
  });

  it('a revoke writes revoking before it is sent: access is denied while it waits, and reconcile records it once mined', async () => {
    const test = w.chain.embedded!.testClient;
    const lease = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 86_400n, price: 86_400n }))).link);
    expect(w.service.requireActiveLease(lease.leaseId!, STEP, 1_700_000_000_000).leaseId).toBe(lease.leaseId);
    w.chain.ctx.receiptTimeoutMs = 400;
    await test.setAutomine(false);
    try {
      const e = await w.service.revoke(lease.leaseId!).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RevokeUnconfirmedError);
      const [revokeTx] = await mempool(test);
      expect(w.service.get(lease.id)).toMatchObject({ status: 'revoking', revokeTx });
      expect(() => w.service.requireActiveLease(lease.leaseId!, STEP, 1_700_000_000_000)).toThrow(LeaseAccessDeniedError);
      try {
        w.service.requireActiveLease(lease.leaseId!, STEP, 1_700_000_000_000);
      } catch (denied) {
        expect((denied as LeaseAccessDeniedError).reason).toBe('lease-not-active');
      }
      // Revoking again while it waits sends nothing new.
      expect(await w.service.revoke(lease.leaseId!).catch((x: unknown) => x)).toBeInstanceOf(RevokeUnconfirmedError);
      expect(await mempool(test)).toEqual([revokeTx]);
      const waiting = await w.service.reconcile();
      expect(waiting.unconfirmed.map((u) => u.id)).toEqual([lease.id]);

      // Mined an hour into the lease, whatever the machine's speed: the revoke was estimated against the
      // grant's own second (owner paid 0, a storage slot left zero), so the gas sent must cover paying the owner.
      // (Mined a second later by chance, under load, it once ran out of gas and stayed active.)
      await nextBlockAt(w, BigInt(lease.startsAt! / 1000) + 3600n);
      await test.mine({ blocks: 1 });
      expect((await test.getTransactionReceipt({ hash: revokeTx! })).status).toBe('success');
      const done = await w.service.reconcile();
      expect(done.updated).toEqual([lease.leaseId]);
      const revoked = w.service.get(lease.id);
      expect(revoked).toMatchObject({ status: 'revoked', revokeTx, ownerPaid: '3600', refunded: String(86_400 - 3600) });
      expect(BigInt(revoked.ownerPaid!) + BigInt(revoked.refunded!)).toBe(BigInt(lease.terms.price));
      expect(w.audit.list({ subject: lease.id }).map((x) => x.type)).toEqual(expect.arrayContaining(['lease.revoke-submitted', 'lease.reconciled']));
    } finally {
      await test.setAutomine(true);
      delete w.chain.ctx.receiptTimeoutMs;
    }
  });
});

describe('kill -9 while the grant waits in the mempool of a network', () => {
  let anvil: ChildProcessWithoutNullStreams | undefined;
  let url = '';
  let contract: Address;
  let test: AnvilTestClient;
  const chain = embeddedChainDefinition(31337);
  const root = makeTempDir('dw-mempool-');

  beforeAll(async () => {
    anvil = spawn(resolveAnvilBinary(), ['--port', '0', '--host', '127.0.0.1', '--chain-id', '31337', '--color', 'never'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const proc = anvil;
    url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Listening on (127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolveUrl(`http://${m[1]}`);
      });
      proc.once('exit', () => reject(new Error(`anvil exited: ${out.slice(-500)}`)));
    });
    test = createAnvilTestClient(http(url), chain);
    for (const a of [ownerAccount, requesterAccount]) await test.setBalance({ address: a.address, value: parseEther('10') });
    const clients = createChainClients({ transport: http(url), chain });
    contract = (await deployDataLease({ publicClient: clients.publicClient, walletClient: clients.walletClient(ownerAccount) })).address;
    await deposit({ publicClient: clients.publicClient, walletClient: clients.walletClient(requesterAccount), contract }, parseEther('1'));
  });
  afterAll(() => {
    anvil?.kill('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  });

  it('reconcile on the next start finds the grant pending by its hash, waits, then records it: nothing lost, nothing sent twice', async () => {
    const { vault } = await createVault(join(root, 'vault'), PASSPHRASE, TEST_OPTIONS);
    writeNetworkConfig(vault, { kind: 'rpc', rpcUrl: url, chainId: 31337, contract });
    const account = ensureWalletAccount(vault);
    vault.lock();
    await test.setBalance({ address: account.address, value: parseEther('10') });
    const now = (await test.getBlock({ blockTag: 'latest' })).timestamp;
    const message = sampleMessage({ nonce: 77n, deadline: now + 86_400n, duration: 3600n });
    const link = encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId: 31337, verifyingContract: contract }, message));

    await test.setAutomine(false);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/lease-child.ts', root, link, 'wait'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, sig) => resolve(sig)));
    try {
      await waitForMempool(test, 1); // the commit
      await test.mine({ blocks: 1 });
      const [grantTx] = await waitForMempool(test, 1); // the grant, waiting for a block
      child.kill('SIGKILL');
      expect(await exited, err).toBe('SIGKILL');

      const reopened = await unlockVault(join(root, 'vault'), { passphrase: PASSPHRASE }, TEST_OPTIONS);
      const walletChain = await openWalletChain({ vault: reopened, dataDir: root });
      const clockNow = () => Date.now();
      const service = new LeaseService({ vault: reopened, chain: walletChain, audit: new AuditLog(reopened, clockNow), now: clockNow });
      try {
        const [inFlight] = await service.list({ chain: false });
        expect(inFlight).toMatchObject({ leaseId: null, grantTx });
        const first = await service.reconcile();
        expect(first).toMatchObject({ found: [], resubmitted: [], missing: [] });
        expect(first.unconfirmed).toEqual([{ id: inFlight!.id, txHash: grantTx, reason: expect.stringContaining('still waiting') as string }]);
        expect(await mempool(test)).toEqual([grantTx]); // nothing sent twice
        expect(service.get(inFlight!.id).status).toBe('unconfirmed');

        await test.mine({ blocks: 1 });
        const second = await service.reconcile();
        expect(second.found).toHaveLength(1);
        const lease = service.get(inFlight!.id);
        expect(lease).toMatchObject({ status: 'active', grantTx });
        expect((await readLease(walletChain.ctx, BigInt(lease.leaseId!)))?.owner).toBe(account.address);
      } finally {
        reopened.lock();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await test.setAutomine(true);
    }
  });
});
