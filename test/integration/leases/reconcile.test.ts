/**
 * No granted lease is lost: a clean restart of app and chain keeps every
 * lease; a kill -9 of the app between sending the grant and storing its
 * result is resolved from the chain; a chain whose state was lost gets the
 * lease re-submitted (for its remaining time) or reported as missing.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { readLease } from '../../../electron/core/chain/data-lease/read-lease.js';
import { GrantUnconfirmedError, LeaseAccessDeniedError } from '../../../electron/core/leases/errors.js';
import { openLeaseRuntime, type LeaseRuntimeEvent } from '../../../electron/core/leases/open-lease-runtime.js';
import type { ReconcileReport } from '../../../electron/core/leases/lease-service.js';
import { unlockVault } from '../../../electron/core/vault/index.js';
import { PASSPHRASE, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';
import {
  closeWallet,
  freshMessage,
  fundRequester,
  openWallet,
  signedLink,
  syncClock,
  travelTo,
} from '../../helpers/lease-fixture.js';

const STEP = 'HKQuantityTypeIdentifierStepCount';

/** Runs an approval in a child process that kills itself (kill -9) before or after the grant is sent. */
async function approveAndDie(root: string, link: string, when: 'before' | 'after'): Promise<unknown> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/lease-child.ts', root, link, when], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  expect(signal, err).toBe('SIGKILL');
  return JSON.parse(out);
}

describe('reconciliation', () => {
  it('a restart of app and chain keeps every lease, request and decision', async () => {
    let w = await openWallet();
    const root = w.root;
    try {
      await fundRequester(w, parseEther('1'));
      const active = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 86_400n }))).link);
      const revoked = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 86_400n }))).link);
      await w.service.revoke(revoked.leaseId!);
      const settled = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 5n }))).link);
      await travelTo(w, BigInt(settled.expiresAt! / 1000) + 1n);
      await w.service.tick();
      const pending = await w.service.receive((await signedLink(w, await freshMessage(w))).link);
      const declined = await w.service.decline((await signedLink(w, await freshMessage(w))).link);
      const before = await w.service.list();
      expect(before.map((l) => l.status).sort()).toEqual(['active', 'pending', 'revoked', 'settled']);

      await closeWallet(w, { remove: false });
      w = await openWallet({ root, create: false });
      expect(w.chain.prepared?.lostContract).toBeNull();
      expect(await w.service.reconcile()).toEqual({ found: [], resubmitted: [], updated: [], missing: [], unconfirmed: [] });
      const after = await w.service.list();
      expect(after).toEqual(before);
      expect(after.find((l) => l.id === active.id)).toMatchObject({ status: 'active', chainStatus: 'active' });
      expect(w.service.requireActiveLease(active.leaseId!, STEP, 1_700_000_000_000).leaseId).toBe(active.leaseId);
      expect((await w.service.inspect((await signedLink(w, await freshMessage(w))).link)).status).toBe('new');
      expect(after.find((l) => l.id === pending.id)?.status).toBe('pending');
      expect(after.find((l) => l.id === declined.id)).toBeUndefined();
      expect(w.audit.verify().ok).toBe(true);
    } finally {
      await closeWallet(w);
    }
  });

  it('after a kill -9 between sending the grant and storing its result, reconcile finds the lease on the chain', async () => {
    let w = await openWallet();
    const root = w.root;
    try {
      await fundRequester(w, parseEther('1'));
      const { link } = await signedLink(w, await freshMessage(w, { duration: 86_400n }));
      await closeWallet(w, { remove: false });

      const { leaseId } = (await approveAndDie(root, link, 'after')) as { leaseId: string };

      // Next start: the orphaned chain is reclaimed; the local record says "grant in flight".
      w = await openWallet({ root, create: false });
      const inFlight = await w.service.list({ chain: false });
      expect(inFlight).toHaveLength(1);
      expect(inFlight[0]).toMatchObject({ status: 'pending', leaseId: null });
      expect((await w.service.approve(inFlight[0]!.id).catch((e: unknown) => e)) as Error).toMatchObject({ name: 'RequestAlreadyDecidedError' });

      const report = await w.service.reconcile();
      expect(report).toMatchObject({ found: [leaseId], resubmitted: [], missing: [], unconfirmed: [] });
      const lease = w.service.get(leaseId);
      expect(lease).toMatchObject({ status: 'active', leaseId });
      expect(lease.grantTx).toMatch(/^0x[0-9a-f]{64}$/);
      const onChain = await readLease(w.chain.ctx, BigInt(leaseId));
      expect(lease.expiresAt).toBe(Number(onChain!.expiry) * 1000);
      expect(w.audit.list({ subject: lease.id }).map((e) => e.type)).toEqual([
        'request.received',
        'request.verified',
        'request.approved',
        'lease.grant-submitted',
        'lease.reconciled',
      ]);
      expect(await w.service.reconcile()).toEqual({ found: [], resubmitted: [], updated: [], missing: [], unconfirmed: [] });
    } finally {
      await closeWallet(w);
    }
  });

  it('after a kill -9 between storing the approval and sending the grant, reconcile sends it', async () => {
    let w = await openWallet();
    const root = w.root;
    try {
      await fundRequester(w, parseEther('1'));
      const { link } = await signedLink(w, await freshMessage(w, { duration: 86_400n }));
      await closeWallet(w, { remove: false });
      expect(await approveAndDie(root, link, 'before')).toEqual({});

      w = await openWallet({ root, create: false });
      const [inFlight] = await w.service.list({ chain: false });
      expect(inFlight).toMatchObject({ status: 'pending', leaseId: null });
      const report = await w.service.reconcile();
      expect(report).toMatchObject({ found: [], missing: [], resubmitted: [{ id: inFlight!.id }] });
      const lease = w.service.get(inFlight!.id);
      expect(lease.status).toBe('active');
      expect((await readLease(w.chain.ctx, BigInt(lease.leaseId!)))!.requestDigest).toBe(lease.id);
      expect((await w.service.inspect(link)).status).toBe('approved');
    } finally {
      await closeWallet(w);
    }
  });

  it('when the chain stops answering before a grant is sent, approve says so and reconcile finishes the job on the next start', async () => {
    const hooks: { beforeGrantSent?: () => Promise<void> } = {};
    let w = await openWallet({ hooks });
    const root = w.root;
    try {
      await fundRequester(w, parseEther('1'));
      const { link } = await signedLink(w, await freshMessage(w, { duration: 86_400n }));
      const chain = w.chain;
      hooks.beforeGrantSent = () => chain.stop(); // the chain goes away between the stored approval and the send
      const e = await w.service.approve(link).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(GrantUnconfirmedError);
      expect((e as GrantUnconfirmedError).sent).toBe(false);
      expect((e as GrantUnconfirmedError).toString()).toMatch(/^The grant could not be sent: the chain did not answer\. Nothing is lost: the approval is kept/);
      await closeWallet(w, { remove: false });

      w = await openWallet({ root, create: false });
      const [inFlight] = await w.service.list({ chain: false });
      expect(inFlight?.status).toBe('pending');
      const report = await w.service.reconcile();
      expect(report.resubmitted).toEqual([{ id: inFlight!.id, leaseId: expect.any(String) as string }]);
      expect(w.service.get(inFlight!.id).status).toBe('active');
    } finally {
      await closeWallet(w);
    }
  });

  it('when the chain state is lost, reconcile reports the lease missing, then re-submits it for its remaining time', async () => {
    let w = await openWallet();
    const root = w.root;
    try {
      await fundRequester(w, parseEther('1'));
      const lease = await w.service.approve((await signedLink(w, await freshMessage(w, { duration: 86_400n, price: 86_400n }))).link);
      const contract = w.chain.contract;
      await closeWallet(w, { remove: false });
      rmSync(join(root, 'chain', 'state.json'));
      rmSync(join(root, 'chain', 'state.json.bak'), { force: true });

      w = await openWallet({ root, create: false });
      expect(w.chain.prepared?.lostContract).toBe(contract);
      expect(w.chain.contract).toBe(contract); // same deployer, same nonce → same address
      const first = await w.service.reconcile();
      expect(first.missing).toHaveLength(1);
      expect(first.missing[0]!.reason).toMatch(/deposit/);
      expect(w.service.get(lease.id).status).toBe('missing');
      expect(() => w.service.requireActiveLease(lease.id, STEP, 1_700_000_000_000)).toThrow(LeaseAccessDeniedError);

      // The requester funds the new chain's contract again: the same signed request is granted for the time left.
      await fundRequester(w, parseEther('1'));
      const now = await syncClock(w);
      const second = await w.service.reconcile();
      expect(second.missing).toEqual([]);
      expect(second.resubmitted).toHaveLength(1);
      const again = w.service.get(lease.id);
      expect(again.status).toBe('active');
      const onChain = await readLease(w.chain.ctx, BigInt(again.leaseId!));
      expect(onChain!.expiry).toBeLessThanOrEqual(BigInt(lease.expiresAt! / 1000));
      expect(onChain!.expiry).toBeGreaterThan(now);
      expect(BigInt(again.terms.price)).toBeLessThanOrEqual(86_400n);
      expect(w.audit.list({ subject: lease.id }).filter((e) => e.type === 'lease.reconciled').map((e) => e.data['action'])).toEqual([
        'missing',
        'resubmitted',
      ]);
    } finally {
      await closeWallet(w);
    }
  });

  it('when the embedded chain is killed (kill -9) and restarted by the supervisor, the lease it lost is granted again', async () => {
    const setup = await openWallet();
    const root = setup.root;
    await fundRequester(setup, parseEther('1'));
    const { link } = await signedLink(setup, await freshMessage(setup, { duration: 86_400n }));
    await closeWallet(setup, { remove: false }); // a clean stop saves the chain state, deposit included

    const vault = await unlockVault(join(root, 'vault'), { passphrase: PASSPHRASE }, TEST_OPTIONS);
    const events: LeaseRuntimeEvent[] = [];
    let onReconciled: (report: ReconcileReport) => void = () => {};
    const rt = await openLeaseRuntime({
      vault,
      dataDir: root,
      readBlockTag: 'latest',
      // No periodic state dumps: whatever the chain does from here is lost when it is killed.
      embedded: { autoRestart: true, stateIntervalSeconds: 3600 },
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'reconciled' && e.trigger === 'chain-restart') onReconciled(e.report);
      },
    });
    try {
      expect(events[0]).toMatchObject({ type: 'reconciled', trigger: 'start' });
      const lease = await rt.service.approve(link);
      const restarted = new Promise<ReconcileReport>((resolve) => (onReconciled = resolve));
      process.kill(rt.chain.embedded!.pid()!, 'SIGKILL');
      const report = await restarted;
      expect(report.missing).toEqual([]);
      expect(report.resubmitted).toEqual([{ id: lease.id, leaseId: expect.any(String) as string }]);
      const again = rt.service.get(lease.id);
      expect(again.status).toBe('active');
      const onChain = await readLease(rt.chain.ctx, BigInt(again.leaseId!));
      expect(onChain).toMatchObject({ status: 'active', requestDigest: lease.id, owner: rt.chain.account.address });
    } finally {
      await rt.stop();
      vault.lock();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

