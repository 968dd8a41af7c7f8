/**
 * What the tray agent reads from and tells the wallet, over the same API as
 * every other front end (no core internals): the tray's counts, the
 * notifications for wallet events, and how a deep link becomes a pending
 * request once the vault is unlocked. Plain logic, tested against a real
 * router; main.ts only binds it to Electron.
 */
import type { WalletClient } from '../../shared/api/wallet-client.js';
import { isWalletError } from '../../shared/errors/wallet-error.js';
import type { TrayState } from './tray-menu.js';

const ACTIVE = new Set(['active', 'revoking', 'unconfirmed']);

export async function readTrayState(client: WalletClient, launchAtLogin: boolean): Promise<TrayState> {
  const status = await client.call('vault.status', {});
  const locked: TrayState = { unlocked: false, activeLeases: 0, pendingRequests: 0, paused: false, launchAtLogin, canPause: false };
  if (!status.unlocked) return locked;
  const [leases, settings] = await Promise.all([client.call('leases.list', { chain: false }), client.call('settings.get', {})]);
  return {
    ...locked,
    unlocked: true,
    canPause: true,
    paused: settings.leases.paused,
    activeLeases: leases.filter((l) => ACTIVE.has(l.status)).length,
    pendingRequests: leases.filter((l) => l.status === 'pending' && !l.deadlinePassed).length,
  };
}

/** The notification decisions live in the core (what to say, once); re-exported for the tray agent's tests. */
export { notificationFor, type WalletNotification as AgentNotification } from '../core/notifications/notification-for.js';

/** At start: unlock with the system keychain when it is on; false (locked, ask for the passphrase) otherwise. Never throws. */
export async function unlockWithKeychainAtStart(client: WalletClient): Promise<boolean> {
  try {
    const status = await client.call('vault.status', {});
    if (status.unlocked) return true;
    if (!status.exists) return false;
    return (await client.call('vault.unlockWithKeychain', {})).unlocked;
  } catch {
    return false;
  }
}

/** The auto-lock idle minutes from the wallet settings, or null while locked. */
export async function readAutoLockMinutes(client: WalletClient): Promise<number | null> {
  try {
    return (await client.call('settings.get', {})).autoLockMinutes;
  } catch {
    return null;
  }
}

/** The tray's "Pause all leases" checkbox; never throws (the tray is rebuilt from the wallet afterwards). */
export async function setLeasesPaused(client: WalletClient, paused: boolean): Promise<boolean | null> {
  try {
    return (await client.call(paused ? 'leases.pause' : 'leases.resume', {})).paused;
  } catch {
    return null;
  }
}

/** The consent prompt's route for a lease link (the renderer's `/consent?link=`). */
export function consentRoute(link: string): string {
  return `/consent?link=${encodeURIComponent(link)}`;
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
