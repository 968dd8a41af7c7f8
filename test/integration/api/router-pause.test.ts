/**
 * "Pause all leases" and the privacy limit per lease, through the router on a
 * real vault and the real DataLease contract on the embedded Anvil chain:
 * while paused, the access guard and a training start refuse with
 * LEASES_PAUSED and nothing is revoked; resume restores access; a pause made
 * by another process (a real child process on the same vault) is seen at
 * once. A request whose ε is above the owner's limit is flagged in the
 * preview and refused unless narrowed to the limit.
 */
import { spawn } from 'node:child_process';
import { parseEther, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpsilonAboveLimitError, LeasesPausedError } from '../../../electron/core/leases/errors.js';
import { deposit } from '../../../requester/deposit.js';
import { signLeaseRequest } from '../../../requester/sign-lease-request.js';
import { encodeLeaseLink } from '../../../shared/lease/link.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { openApiWallet, openLeasingApiWallet, type ApiWallet } from '../../helpers/api-wallet.js';
import { requesterAccount, sampleMessage } from '../../helpers/chain-requests.js';

const STEP = 'HKQuantityTypeIdentifierStepCount';
let w: ApiWallet;
let link: (overrides?: Partial<LeaseRequestMessage>) => Promise<string>;

function childPause(action: 'pause' | 'resume'): Promise<{ ok: boolean; value?: { paused: boolean } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/pause-child.ts', w.root, action], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`child exited ${code}: ${err.slice(-500)}`))));
  });
}

beforeAll(async () => {
  ({ w, link } = await openLeasingApiWallet({ firstNonce: 500n }));
});
afterAll(() => w?.close());

describe('pause all leases', () => {
  it('refuses data access and training for an active lease while paused, revokes nothing, and resume restores access', async () => {
    const { client } = w;
    const lease = await client.call('requests.approve', { ref: await link() });
    expect(lease.status).toBe('active');
    const { service } = await w.wallet.leases();
    expect(service.requireActiveLease(lease.leaseId!, STEP, 1_700_000_000_000).leaseId).toBe(lease.leaseId);
    expect((await client.call('settings.get', {})).leases).toEqual({ paused: false, since: null });

    const paused = await client.call('leases.pause', {});
    expect(paused).toEqual({ paused: true, since: w.clock.ms });
    expect(w.events.at(-1)).toEqual({ event: 'leases.paused', payload: paused });
    expect(() => service.requireActiveLease(lease.leaseId!, STEP, 1_700_000_000_000)).toThrow(LeasesPausedError);
    await expect(client.call('training.train', { leaseId: lease.leaseId!, taskFile: '/nonexistent/task.json' })).rejects.toBeInstanceOf(LeasesPausedError);
    // Nothing was revoked, locally or on the chain.
    expect(await client.call('leases.show', { ref: lease.leaseId! })).toMatchObject({ status: 'active' });
    expect((await client.call('leases.list', {})).find((l) => l.id === lease.id)).toMatchObject({ status: 'active', chainStatus: 'active' });
    // Pausing twice keeps the first time; the audit log has one entry.
    w.clock.ms += 5000;
    expect(await client.call('leases.pause', {})).toEqual(paused);
    expect((await client.call('audit.list', {})).filter((e) => e.type === 'leases.paused')).toHaveLength(1);

    expect(await client.call('leases.resume', {})).toEqual({ paused: false, since: null });
    expect(service.requireActiveLease(lease.leaseId!, STEP, 1_700_000_000_000).leaseId).toBe(lease.leaseId);
    // The training start now gets past the guard (and fails on the missing task file instead).
    const after = await client.call('training.train', { leaseId: lease.leaseId!, taskFile: '/nonexistent/task.json' }).catch((e: unknown) => e);
    expect(after).not.toBeInstanceOf(LeasesPausedError);
    expect((await client.call('audit.verify', {})).ok).toBe(true);
  });

  it('another process pauses and resumes: this wallet sees it at once', async () => {
    const lease = await w.client.call('requests.approve', { ref: await link() });
    const { service } = await w.wallet.leases();
    expect(await childPause('pause')).toMatchObject({ ok: true, value: { paused: true } });
    expect(() => service.requireActiveLease(lease.leaseId!, STEP, 1_700_000_000_000)).toThrow(LeasesPausedError);
    expect((await w.client.call('settings.get', {})).leases.paused).toBe(true);
    expect(await childPause('resume')).toMatchObject({ ok: true, value: { paused: false } });
    expect(service.requireActiveLease(lease.leaseId!, STEP, 1_700_000_000_000).leaseId).toBe(lease.leaseId);
  });
});

describe('privacy limit per lease', () => {
  it('flags a request above the limit in the preview, refuses its approval unless narrowed, and caps the narrowed lease', async () => {
    const { client } = w;
    await client.call('settings.update', { maxEpsilonMilli: 2000 });
    const request = await client.call('requests.receive', { link: await link({ maxEpsilonMilli: 3000 }) });

    const preview = await client.call('requests.previewApproval', { ref: request.id });
    expect(preview.privacy).toEqual({ requestedMilli: 3000, grantedMilli: 3000, limitMilli: 2000, aboveLimit: true });
    expect(preview.warnings.join(' ')).toMatch(/above your limit of ε 2 per lease/);
    await expect(client.call('requests.approve', { ref: request.id })).rejects.toBeInstanceOf(EpsilonAboveLimitError);
    expect((await client.call('leases.list', { chain: false })).find((l) => l.id === request.id)?.status).toBe('pending');

    const narrowed = await client.call('requests.previewApproval', { ref: request.id, narrowing: { maxEpsilonMilli: 1500 } });
    expect(narrowed.privacy).toMatchObject({ grantedMilli: 1500, aboveLimit: false });
    const lease = await client.call('requests.approve', { ref: request.id, narrowing: { maxEpsilonMilli: 1500 } });
    expect(lease.status).toBe('active');
    expect(await client.call('training.leaseSettings', { leaseId: lease.leaseId! })).toEqual({ review: true, maxEpsilonMilli: 1500 });

    // Within the limit: approved as asked; the lease follows the owner's defaults.
    await client.call('settings.update', { maxEpsilonMilli: 5000, reviewBeforeSend: false });
    const ok = await client.call('requests.approve', { ref: await link({ maxEpsilonMilli: 3000 }) });
    expect(await client.call('training.leaseSettings', { leaseId: ok.leaseId! })).toEqual({ review: false, maxEpsilonMilli: 5000 });
    await client.call('settings.update', { maxEpsilonMilli: null, reviewBeforeSend: true });
  });
});

describe('leases about to end', () => {
  it('the wallet announces an active lease once, at the owner’s lead time', async () => {
    const v = await openApiWallet({ chain: { start: 'unlock', scheduler: true }, expiryNoticeEveryMs: 50 });
    try {
      const status = await v.client.call('chain.status', {});
      const { chain } = await v.wallet.leases();
      await chain.embedded!.testClient.setBalance({ address: requesterAccount.address, value: parseEther('10') });
      await deposit({ publicClient: chain.ctx.publicClient, walletClient: chain.embedded!.walletClient(requesterAccount), contract: status.contract as Address }, parseEther('1'));
      const now = (await chain.ctx.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
      v.clock.ms = Number(now) * 1000;
      const message = sampleMessage({ nonce: 9001n, deadline: now + 86_400n, duration: 3600n, price: 3600n });
      const l = encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId: status.chainId, verifyingContract: status.contract as Address }, message));
      const lease = await v.client.call('requests.approve', { ref: l });
      const expiring = () => v.events.filter((e) => e.event === 'leases.expiring');

      // An hour left, notices 30 minutes ahead: nothing yet.
      await v.client.call('settings.update', { expiryNoticeMinutes: 30 });
      await new Promise((r) => setTimeout(r, 300));
      expect(expiring()).toEqual([]);
      // 20 minutes before the end: announced once, however often the wallet looks.
      v.clock.ms = lease.expiresAt! - 20 * 60_000;
      await new Promise((r) => setTimeout(r, 400));
      expect(expiring()).toEqual([{ event: 'leases.expiring', payload: { id: lease.id, leaseId: lease.leaseId, expiresAt: lease.expiresAt, msLeft: 20 * 60_000 } }]);
      v.clock.ms += 60_000;
      await new Promise((r) => setTimeout(r, 300));
      expect(expiring()).toHaveLength(1);
    } finally {
      await v.close();
    }
  });
});
