/**
 * The wallet settings and the pause flag on a real SQLCipher vault: defaults,
 * a damaged stored value falls back to its default, an update with one bad
 * value changes nothing, and two sessions on the same vault (as two
 * processes would hold) see each other's changes without losing either.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/core/audit/index.js';
import { readPauseState, setLeasesPaused } from '../../../electron/core/leases/pause.js';
import { InvalidSettingError } from '../../../electron/core/settings/errors.js';
import { DEFAULT_WALLET_SETTINGS, readWalletSettings, updateWalletSettings, WALLET_SETTINGS_KEY } from '../../../electron/core/settings/wallet-settings.js';
import { createVault, unlockVault, type Vault } from '../../../electron/core/vault/index.js';
import { PASSPHRASE, TEST_OPTIONS, tempVaultDir } from '../../helpers/vault-fixtures.js';

const open: Vault[] = [];
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  for (const v of open.splice(0)) v.lock();
  await cleanup?.();
  cleanup = null;
});

async function vaults(): Promise<[Vault, Vault]> {
  const t = await tempVaultDir();
  cleanup = t.cleanup;
  const { vault } = await createVault(t.dir, PASSPHRASE, TEST_OPTIONS);
  const other = await unlockVault(t.dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
  open.push(vault, other);
  return [vault, other];
}

describe('wallet settings in the vault', () => {
  it('defaults; a damaged value falls back to its default and leaves the others', async () => {
    const [v] = await vaults();
    expect(readWalletSettings(v)).toEqual(DEFAULT_WALLET_SETTINGS);
    v.settings.set(WALLET_SETTINGS_KEY, { autoLockMinutes: 'soon', expiryNoticeMinutes: 5, maxEpsilonMilli: -3, reviewBeforeSend: false, extra: 1 });
    expect(readWalletSettings(v)).toEqual({ ...DEFAULT_WALLET_SETTINGS, expiryNoticeMinutes: 5, reviewBeforeSend: false });
    v.settings.set(WALLET_SETTINGS_KEY, [1, 2]);
    expect(readWalletSettings(v)).toEqual(DEFAULT_WALLET_SETTINGS);
  });

  it('an update with one bad value changes nothing; unknown names are refused', async () => {
    const [v] = await vaults();
    const audit = new AuditLog(v, Date.now);
    updateWalletSettings(v, audit, { autoLockMinutes: 3 });
    expect(() => updateWalletSettings(v, audit, { expiryNoticeMinutes: 10, autoLockMinutes: 1441 })).toThrow(InvalidSettingError);
    expect(() => updateWalletSettings(v, audit, { maxEpsilonMilli: 1.5 })).toThrow(/maxEpsilonMilli must be a whole number/);
    expect(() => updateWalletSettings(v, audit, { reviewBeforeSend: 'yes' as never })).toThrow(InvalidSettingError);
    expect(() => updateWalletSettings(v, audit, { colour: 'red' } as never)).toThrow(/colour does not exist/);
    expect(readWalletSettings(v)).toEqual({ ...DEFAULT_WALLET_SETTINGS, autoLockMinutes: 3 });
    expect(audit.list({}).filter((e) => e.type === 'settings.changed')).toHaveLength(1);
  });

  it('two sessions on one vault: each change is seen by the other and neither is lost', async () => {
    const [a, b] = await vaults();
    updateWalletSettings(a, new AuditLog(a, Date.now), { autoLockMinutes: 7 });
    updateWalletSettings(b, new AuditLog(b, Date.now), { maxEpsilonMilli: 1000 });
    expect(readWalletSettings(a)).toMatchObject({ autoLockMinutes: 7, maxEpsilonMilli: 1000 });
    setLeasesPaused(b, new AuditLog(b, Date.now), true, 42);
    expect(readPauseState(a)).toEqual({ paused: true, since: 42 });
    setLeasesPaused(a, new AuditLog(a, Date.now), false, 43);
    expect(readPauseState(b)).toEqual({ paused: false, since: null });
    expect(new AuditLog(a, Date.now).verify().ok).toBe(true);
  });
});
