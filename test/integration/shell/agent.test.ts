/** The tray agent's reading of the wallet, over the real router: counts, notifications, links. */
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { notificationFor, readTrayState, receiveLink } = await import('../../../electron/main/agent.js');
const { openApiWallet } = await import('../../helpers/api-wallet.js');

describe('tray agent over the API', () => {
  it('reads locked and unlocked states, and turns a bad link into a message', async () => {
    const w = await openApiWallet({ chain: { start: 'demand' } });
    try {
      expect(await readTrayState(w.client, true)).toMatchObject({ unlocked: true, activeLeases: 0, pendingRequests: 0, launchAtLogin: true });
      const bad = await receiveLink(w.client, 'datawallet://lease-request?r=!!');
      expect(bad).toMatchObject({ ok: false });
      if (!bad.ok) expect(bad.message).toMatch(/base64url/);
      await w.client.call('vault.lock', {});
      expect(await readTrayState(w.client, false)).toMatchObject({ unlocked: false, activeLeases: 0, pendingRequests: 0 });
    } finally {
      await w.close();
    }
  });

  it('notifies new requests, ended leases and a stopped chain; nothing else', () => {
    expect(notificationFor({ event: 'requests.received', payload: { id: '0xab', requesterName: 'Sleep Lab', label: null } })).toMatchObject({
      title: 'New lease request',
      body: expect.stringContaining('Sleep Lab (unverified name)'),
      route: '/requests/0xab',
    });
    expect(notificationFor({ event: 'requests.received', payload: { id: '0xab', requesterName: 'x', label: 'My lab' } })!.body).toMatch(/^My lab asks/);
    expect(notificationFor({ event: 'leases.changed', payload: { id: '0x1', leaseId: '1', status: 'expired' } })!.title).toBe('A lease ended');
    expect(notificationFor({ event: 'leases.changed', payload: { id: '0x1', leaseId: '1', status: 'active' } })).toBeNull();
    expect(notificationFor({ event: 'chain.failed', payload: { code: 'CHAIN_START_FAILED', message: 'x' } })!.title).toBe('Lease chain stopped');
    expect(notificationFor({ event: 'data.changed', payload: { kinds: [] } })).toBeNull();
  });
});
