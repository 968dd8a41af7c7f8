/**
 * The owner's wallet settings, kept in the vault (encrypted, shared by every
 * process on the vault): auto-lock idle time, how early to warn about a
 * lease that is about to end, and the privacy defaults (the limit on ε per
 * lease, enforced at approval; whether a training result waits for review
 * before it is sent). Stored as one object, updated in one transaction on a
 * fresh read, so two processes changing different settings keep both.
 */
import type { AuditSink } from '../audit/types.js';
import type { Vault } from '../vault/index.js';
import { InvalidSettingError } from './errors.js';

export const WALLET_SETTINGS_KEY = 'wallet.preferences';

export interface WalletSettings {
  /** Minutes without input before the desktop app (and browser mode) locks; 0 = never on idle. */
  autoLockMinutes: number;
  /** Minutes before a lease ends that the app notifies once; 0 = no such notice. */
  expiryNoticeMinutes: number;
  /** The owner's limit on a lease's privacy budget (ε × 1000); null = no limit. */
  maxEpsilonMilli: number | null;
  /** Whether a finished training result waits for the owner's review before it is sent (default for every lease). */
  reviewBeforeSend: boolean;
}

export const DEFAULT_WALLET_SETTINGS: Readonly<WalletSettings> = Object.freeze({
  autoLockMinutes: 15,
  expiryNoticeMinutes: 60,
  maxEpsilonMilli: null,
  reviewBeforeSend: true,
});

export const SETTING_LIMITS = {
  autoLockMinutes: { min: 0, max: 24 * 60 },
  expiryNoticeMinutes: { min: 0, max: 7 * 24 * 60 },
  maxEpsilonMilli: { min: 0, max: 0xffffffff },
} as const;

type Checker<K extends keyof WalletSettings> = (value: unknown) => WalletSettings[K];

const wholeIn =
  (name: keyof typeof SETTING_LIMITS) =>
  (value: unknown): number => {
    const { min, max } = SETTING_LIMITS[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new InvalidSettingError(name, `must be a whole number from ${min} to ${max}`);
    }
    return value;
  };

const CHECKS: { [K in keyof WalletSettings]: Checker<K> } = {
  autoLockMinutes: wholeIn('autoLockMinutes'),
  expiryNoticeMinutes: wholeIn('expiryNoticeMinutes'),
  maxEpsilonMilli: (value) => (value === null ? null : wholeIn('maxEpsilonMilli')(value)),
  reviewBeforeSend: (value) => {
    if (typeof value !== 'boolean') throw new InvalidSettingError('reviewBeforeSend', 'must be true or false');
    return value;
  },
};

const NAMES = Object.keys(CHECKS) as (keyof WalletSettings)[];

/** The settings as stored, with defaults for what was never set (or was damaged). */
export function readWalletSettings(vault: Vault): WalletSettings {
  const stored = vault.settings.get(WALLET_SETTINGS_KEY);
  const out: WalletSettings = { ...DEFAULT_WALLET_SETTINGS };
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return out;
  for (const name of NAMES) {
    if (!(name in stored)) continue;
    try {
      (out as unknown as Record<string, unknown>)[name] = CHECKS[name](stored[name]);
    } catch {
      // a damaged value falls back to its default
    }
  }
  return out;
}

/**
 * Checks every value of `patch` first (InvalidSettingError, nothing written),
 * then writes the changed ones with an audit entry naming them, in one
 * transaction. Returns the settings now.
 */
export function updateWalletSettings(vault: Vault, audit: AuditSink, patch: Partial<WalletSettings>): WalletSettings {
  const checked: Partial<Record<keyof WalletSettings, unknown>> = {};
  for (const [name, value] of Object.entries(patch)) {
    if (!Object.hasOwn(CHECKS, name)) throw new InvalidSettingError(name, 'does not exist');
    if (value === undefined) continue;
    checked[name as keyof WalletSettings] = CHECKS[name as keyof WalletSettings](value);
  }
  return vault.withDatabase(
    (db) =>
      db
        .transaction(() => {
          const current = readWalletSettings(vault);
          const next = { ...current, ...checked } as WalletSettings;
          const changed = NAMES.filter((n) => next[n] !== current[n]);
          if (changed.length === 0) return current;
          vault.settings.set(WALLET_SETTINGS_KEY, { ...next });
          audit.append({ type: 'settings.changed', data: { changed, values: Object.fromEntries(changed.map((n) => [n, next[n]])) } });
          return next;
        })
        .immediate(),
    { write: true },
  );
}
