/** The notification binding: the core's planner decides (once per key), Electron's Notification shows, a click opens the route. */
import { describe, expect, it, vi } from 'vitest';
import type { ApiEventEnvelope } from '../../../shared/api/envelope.js';

const electron = vi.hoisted(() => ({
  supported: true,
  shown: [] as { title: string; body: string; click?: () => void }[],
}));
vi.mock('electron', () => ({
  Notification: class {
    static isSupported = () => electron.supported;
    readonly entry: { title: string; body: string; click?: () => void };
    constructor(o: { title: string; body: string }) {
      this.entry = { title: o.title, body: o.body };
    }
    on(event: string, fn: () => void) {
      if (event === 'click') this.entry.click = fn;
    }
    show() {
      electron.shown.push(this.entry);
    }
  },
}));
const { bindNotifications } = await import('../../../electron/main/notifier.js');

function source() {
  const listeners = new Set<(e: ApiEventEnvelope) => void>();
  return {
    subscribe(l: (e: ApiEventEnvelope) => void) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    emit: (e: ApiEventEnvelope) => listeners.forEach((l) => l(e)),
  };
}

describe('bindNotifications', () => {
  it('shows new requests, expiring leases and finished jobs once; a click opens the route; unsubscribes', () => {
    electron.shown.length = 0;
    const events = source();
    const open = vi.fn();
    const off = bindNotifications(events, open);
    events.emit({ event: 'requests.received', payload: { id: '0xab', requesterName: 'Lab', label: null } });
    events.emit({ event: 'requests.received', payload: { id: '0xab', requesterName: 'Lab', label: null } });
    events.emit({ event: 'leases.expiring', payload: { id: '0x1', leaseId: '3', expiresAt: 0, msLeft: 600_000 } });
    events.emit({ event: 'training.progress', payload: { jobId: 'job_1' } });
    events.emit({ event: 'training.job', payload: { jobId: 'job_1', state: 'review' } });
    expect(electron.shown.map((n) => n.title)).toEqual(['New lease request', 'A lease ends soon', 'Training finished']);
    electron.shown[1]!.click!();
    expect(open).toHaveBeenCalledWith('/leases/0x1');
    off();
    events.emit({ event: 'requests.received', payload: { id: '0xcd', requesterName: 'Lab', label: null } });
    expect(electron.shown).toHaveLength(3);
  });

  it('shows nothing where the system has no notifications', () => {
    electron.shown.length = 0;
    electron.supported = false;
    const events = source();
    bindNotifications(events, () => {});
    events.emit({ event: 'requests.received', payload: { id: '0xab', requesterName: 'Lab', label: null } });
    expect(electron.shown).toEqual([]);
    electron.supported = true;
  });
});
