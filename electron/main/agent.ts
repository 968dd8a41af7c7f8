/**
 * What the tray agent reads from and tells the wallet, over the same API as
 * every other front end (no core internals): the tray's counts, the
 * notifications for wallet events, and how a deep link becomes a pending
 * request once the vault is unlocked. Plain logic, tested against a real
 * router; main.ts only binds it to Electron.
 */
import type { ApiEventEnvelope } from '../../shared/api/envelope.js';
import type { WalletClient } from '../../shared/api/wallet-client.js';
import { isWalletError } from '../../shared/errors/wallet-error.js';
import type { TrayState } from './tray-menu.js';

const ACTIVE = new Set(['active', 'revoking', 'unconfirmed']);

export async function readTrayState(client: WalletClient, launchAtLogin: boolean): Promise<TrayState> {
  const status = await client.call('vault.status', {});
  const locked: TrayState = { unlocked: false, activeLeases: 0, pendingRequests: 0, paused: false, launchAtLogin, canPause: false };
  if (!status.unlocked) return locked;
  const leases = await client.call('leases.list', {});
  return {
    ...locked,
    unlocked: true,
    activeLeases: leases.filter((l) => ACTIVE.has(l.status)).length,
    pendingRequests: leases.filter((l) => l.status === 'pending' && !l.deadlinePassed).length,
  };
}

export interface AgentNotification {
  title: string;
  body: string;
  /** Clicking it opens the app on this route. */
  route: string;
}

/** The notification an event deserves, if any. Texts carry no personal data: names the requester gave and statuses only. */
export function notificationFor(envelope: ApiEventEnvelope): AgentNotification | null {
  const p = envelope.payload as Record<string, unknown> | null;
  switch (envelope.event) {
    case 'requests.received': {
      const who = typeof p?.label === 'string' ? p.label : `${String(p?.requesterName ?? 'A requester').slice(0, 80)} (unverified name)`;
      return { title: 'New lease request', body: `${who} asks to train on your data. Review it before deciding.`, route: `/requests/${String(p?.id ?? '')}` };
    }
    case 'leases.changed':
      if (p?.status === 'expired') return { title: 'A lease ended', body: 'A lease reached its end; its data access has stopped.', route: `/leases/${String(p.id ?? '')}` };
      if (p?.status === 'missing') return { title: 'A lease needs attention', body: 'The chain has no record of a lease the wallet granted.', route: `/leases/${String(p.id ?? '')}` };
      return null;
    case 'chain.failed':
      return { title: 'Lease chain stopped', body: 'The built-in chain stopped and could not restart. Leases are paused until it runs again.', route: '/settings' };
    default:
      return null;
  }
}

export type LinkOutcome = { ok: true; requestId: string } | { ok: false; message: string };

/** Hands a deep link to the wallet (verified and stored as pending by the core); never throws. */
export async function receiveLink(client: WalletClient, link: string): Promise<LinkOutcome> {
  try {
    const request = await client.call('requests.receive', { link });
    return { ok: true, requestId: request.id };
  } catch (e) {
    return { ok: false, message: isWalletError(e) ? e.toString() : 'The link could not be read.' };
  }
}
