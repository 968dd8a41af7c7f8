/** What the app notifies, once: new requests, leases about to end (at the owner's lead time), finished training jobs. */
import { describe, expect, it } from 'vitest';
import { dueExpiryNotices } from '../../../electron/core/notifications/expiry-notices.js';
import { NotificationPlanner, notificationFor } from '../../../electron/core/notifications/notification-for.js';

const MIN = 60_000;

describe('dueExpiryNotices', () => {
  const now = 1_700_000_000_000;
  const leases = [
    { id: '0xa', leaseId: '1', status: 'active', expiresAt: now + 30 * MIN },
    { id: '0xb', leaseId: '2', status: 'active', expiresAt: now + 90 * MIN },
    { id: '0xc', leaseId: '3', status: 'revoked', expiresAt: now + 10 * MIN },
    { id: '0xd', leaseId: '4', status: 'active', expiresAt: now - 1 },
    { id: '0xe', leaseId: null, status: 'pending', expiresAt: null },
  ];

  it('announces active leases ending within the lead time, once each', () => {
    const announced = new Set<string>();
    expect(dueExpiryNotices(leases, now, 60, announced)).toEqual([{ id: '0xa', leaseId: '1', expiresAt: now + 30 * MIN, msLeft: 30 * MIN }]);
    expect(dueExpiryNotices(leases, now + MIN, 60, announced)).toEqual([]);
    // Later the second lease comes within the lead time: announced then, once.
    expect(dueExpiryNotices(leases, now + 31 * MIN, 60, announced).map((n) => n.id)).toEqual(['0xb']);
    expect(dueExpiryNotices(leases, now + 32 * MIN, 60, announced)).toEqual([]);
  });

  it('a longer lead time reaches further; 0 turns notices off', () => {
    expect(dueExpiryNotices(leases, now, 120, new Set()).map((n) => n.id)).toEqual(['0xa', '0xb']);
    expect(dueExpiryNotices(leases, now, 0, new Set())).toEqual([]);
  });
});

describe('NotificationPlanner', () => {
  it('notifies new requests, expiring leases and finished jobs once each; nothing for other events', () => {
    const p = new NotificationPlanner();
    const request = { event: 'requests.received', payload: { id: '0xab', requesterName: 'Sleep Lab', label: null } };
    expect(p.plan(request)).toMatchObject({ title: 'New lease request', body: expect.stringContaining('Sleep Lab (unverified name)'), route: '/requests/0xab' });
    expect(p.plan(request)).toBeNull();

    const expiring = { event: 'leases.expiring', payload: { id: '0xa', leaseId: '7', expiresAt: 1, msLeft: 45 * MIN } };
    expect(p.plan(expiring)).toMatchObject({ title: 'A lease ends soon', body: 'Lease 7 ends in about 45 minutes; its data access stops then.', route: '/leases/0xa' });
    expect(p.plan(expiring)).toBeNull();

    expect(p.plan({ event: 'training.job', payload: { jobId: 'job_1', state: 'running' } })).toBeNull();
    expect(p.plan({ event: 'training.job', payload: { jobId: 'job_1', state: 'review' } })).toMatchObject({ title: 'Training finished', route: '/training/job_1' });
    expect(p.plan({ event: 'training.job', payload: { jobId: 'job_1', state: 'review' } })).toBeNull();
    expect(p.plan({ event: 'training.job', payload: { jobId: 'job_1', state: 'sent' } })).toMatchObject({ body: expect.stringContaining('was sent') });
    expect(p.plan({ event: 'training.job', payload: { jobId: 'job_2', state: 'failed' } })).toMatchObject({ title: 'Training failed' });
    expect(p.plan({ event: 'training.job', payload: { jobId: 'job_3', state: 'stopped' } })).toBeNull();
    expect(p.plan({ event: 'training.progress', payload: { jobId: 'job_1' } })).toBeNull();
    expect(p.plan({ event: 'data.changed', payload: { cause: 'import', kind: 'steps' } })).toBeNull();
  });

  it('a stopped chain is said again only after the chain ran again', () => {
    const p = new NotificationPlanner();
    const failed = { event: 'chain.failed', payload: { code: 'CHAIN_START_FAILED', message: 'x' } };
    expect(p.plan(failed)).not.toBeNull();
    expect(p.plan(failed)).toBeNull();
    p.plan({ event: 'leases.reconciled', payload: {} });
    expect(p.plan(failed)).not.toBeNull();
  });

  it('remembers a bounded number of keys', () => {
    const p = new NotificationPlanner(3);
    const req = (id: string) => ({ event: 'requests.received', payload: { id, requesterName: 'x', label: 'L' } });
    for (const id of ['1', '2', '3', '4']) expect(p.plan(req(id))).not.toBeNull();
    expect(p.plan(req('1'))).not.toBeNull(); // forgotten: the oldest key went first
    expect(p.plan(req('4'))).toBeNull();
  });

  it('texts carry no personal values and bound the requester name', () => {
    const n = notificationFor({ event: 'requests.received', payload: { id: '0x1', requesterName: 'A'.repeat(500), label: null } })!;
    expect(n.body.length).toBeLessThan(200);
    expect(notificationFor({ event: 'leases.expiring', payload: { id: '0x1', leaseId: null, msLeft: 3 * 60 * MIN } })!.body).toBe('A lease ends in about 3 hours; its data access stops then.');
  });
});
