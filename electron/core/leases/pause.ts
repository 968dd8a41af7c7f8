/**
 * "Pause all leases": one wallet-wide flag, kept in the vault settings so the
 * desktop app, the tray agent, browser mode and the CLI (separate processes
 * on one vault) all see it: the access guard reads it from the database on
 * every check, never from memory. While paused every data access for a lease
 * is refused with LeasesPausedError; nothing is revoked, leases keep running
 * out their time on the chain, and resuming restores access at once.
 */
import type { AuditSink } from '../audit/types.js';
import type { Vault } from '../vault/index.js';
import { LeasesPausedError } from './errors.js';

export const LEASES_PAUSED_SETTING = 'leases.paused';

export interface PauseState {
  paused: boolean;
  /** Unix ms the pause began; null when not paused. */
  since: number | null;
}

/** The pause as stored now (read from the vault each time, so another process's change shows). */
export function readPauseState(vault: Vault): PauseState {
  const v = vault.settings.get(LEASES_PAUSED_SETTING);
  if (v && typeof v === 'object' && !Array.isArray(v) && v.paused === true) {
    return { paused: true, since: typeof v.since === 'number' && Number.isSafeInteger(v.since) ? v.since : null };
  }
  return { paused: false, since: null };
}

/** LeasesPausedError while all leases are paused. */
export function assertNotPaused(vault: Vault): void {
  if (readPauseState(vault).paused) throw new LeasesPausedError();
}

/**
 * Pauses or resumes all leases; the flag and its audit entry are written in
 * one transaction. Pausing twice keeps the first `since`; returns the state
 * now and whether it changed.
 */
export function setLeasesPaused(vault: Vault, audit: AuditSink, paused: boolean, now: number): PauseState & { changed: boolean } {
  return vault.withDatabase(
    (db) =>
      db
        .transaction(() => {
          const before = readPauseState(vault);
          if (before.paused === paused) return { ...before, changed: false };
          if (paused) vault.settings.set(LEASES_PAUSED_SETTING, { paused: true, since: now });
          else vault.settings.delete(LEASES_PAUSED_SETTING);
          audit.append({ type: paused ? 'leases.paused' : 'leases.resumed', data: paused ? { since: now } : { pausedSince: before.since } });
          return { paused, since: paused ? now : null, changed: true };
        })
        .immediate(),
    { write: true },
  );
}
