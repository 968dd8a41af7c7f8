/** The owner's wallet settings as the API shows them (see electron/core/settings). */
import { z } from 'zod';

export const PauseState = z.object({
  /** "Pause all leases" is on: every data access is refused; nothing is revoked. */
  paused: z.boolean(),
  /** Unix ms the pause began; null when not paused. */
  since: z.number().int().nullable(),
});
export type PauseState = z.infer<typeof PauseState>;

export const WalletSettingsValues = z.object({
  /** Minutes without input before the app locks; 0 = never on idle (screen lock and suspend still lock). */
  autoLockMinutes: z.number().int(),
  /** Minutes before a lease ends that the app notifies once; 0 = off. */
  expiryNoticeMinutes: z.number().int(),
  /** Limit on a lease's privacy budget (ε × 1000), enforced at approval; null = none. */
  maxEpsilonMilli: z.number().int().nullable(),
  /** A finished training result waits for review before it is sent (default for every lease). */
  reviewBeforeSend: z.boolean(),
});
export type WalletSettingsValues = z.infer<typeof WalletSettingsValues>;

export const KeychainUnavailableReason = z.enum(['desktop-only', 'no-encryption', 'no-keyring']);

export const SettingsView = WalletSettingsValues.extend({
  leases: PauseState,
  keychain: z.object({
    /** keys.json holds a keychain wrap. */
    enabled: z.boolean(),
    /** The keychain backend of that wrap. */
    backend: z.string().nullable(),
    /** This app can use the system keychain (desktop app with a secure backend). */
    available: z.boolean(),
    unavailableReason: KeychainUnavailableReason.nullable(),
  }),
  /** Start at login (desktop app only; null elsewhere). */
  launchAtLogin: z.boolean().nullable(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const LeaseExpiring = z.object({
  /** Request id. */
  id: z.string(),
  leaseId: z.string().nullable(),
  expiresAt: z.number().int(),
  msLeft: z.number().int(),
});
