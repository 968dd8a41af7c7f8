/**
 * settings.* and keychain unlock through the router on a real SQLCipher vault
 * and its real keys.json: defaults and range checks, launch at login only
 * with a desktop host, and the keychain wrap as the third slot of the key
 * file — turning it on and off keeps the passphrase and recovery wraps
 * working; unlocking with it needs the same keychain backend; browser mode
 * (no host) says the option needs the desktop app.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidSettingError, SettingNeedsDesktopError } from '../../../electron/core/settings/errors.js';
import { KeychainUnavailableError, KeychainUnlockError, WrongPassphraseError } from '../../../electron/core/vault/index.js';
import type { KeychainAccess } from '../../../electron/core/wallet/index.js';
import { openApiWallet, type ApiWallet } from '../../helpers/api-wallet.js';
import { testKeychain } from '../../helpers/test-keychain.js';
import { PASSPHRASE } from '../../helpers/vault-fixtures.js';

let w: ApiWallet | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const keysJson = async (root: string) => JSON.parse(await readFile(join(root, 'vault', 'keys.json'), 'utf8')) as { current: Record<string, unknown> };

describe('router: settings.*', () => {
  it('defaults, updates, range checks that change nothing, and the settings.changed event', async () => {
    w = await openApiWallet();
    const { client } = w;
    expect(await client.call('settings.get', {})).toEqual({
      autoLockMinutes: 15,
      expiryNoticeMinutes: 60,
      maxEpsilonMilli: null,
      reviewBeforeSend: true,
      leases: { paused: false, since: null },
      keychain: { enabled: false, backend: null, available: false, unavailableReason: 'desktop-only' },
      launchAtLogin: null,
    });
    const next = await client.call('settings.update', { autoLockMinutes: 5, maxEpsilonMilli: 2500, reviewBeforeSend: false });
    expect(next).toMatchObject({ autoLockMinutes: 5, expiryNoticeMinutes: 60, maxEpsilonMilli: 2500, reviewBeforeSend: false });
    expect(w.events.at(-1)).toEqual({ event: 'settings.changed', payload: { autoLockMinutes: 5, expiryNoticeMinutes: 60, maxEpsilonMilli: 2500, reviewBeforeSend: false } });

    await expect(client.call('settings.update', { autoLockMinutes: 2000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(w.wallet.updateSettings({ expiryNoticeMinutes: -1 })).rejects.toBeInstanceOf(InvalidSettingError);
    await expect(w.wallet.updateSettings({ autoLockMinutes: 1, expiryNoticeMinutes: 1.5 })).rejects.toBeInstanceOf(InvalidSettingError);
    await expect(client.call('settings.update', { autoLockMinutes: 1, launchAtLogin: true })).rejects.toBeInstanceOf(SettingNeedsDesktopError);
    expect((await client.call('settings.get', {})).autoLockMinutes).toBe(5);

    // Kept in the vault: a lock and unlock (or another process) reads them back.
    await client.call('vault.lock', {});
    await client.call('vault.unlock', { passphrase: PASSPHRASE });
    expect(await client.call('settings.get', {})).toMatchObject({ autoLockMinutes: 5, maxEpsilonMilli: 2500, reviewBeforeSend: false });
    const audit = await client.call('audit.list', {});
    expect(audit.filter((e) => e.type === 'settings.changed').map((e) => e.data.changed)).toEqual([['autoLockMinutes', 'maxEpsilonMilli', 'reviewBeforeSend']]);
  });

  it('launch at login goes to the desktop host', async () => {
    let openAtLogin = false;
    w = await openApiWallet({ host: { loginItem: { get: () => openAtLogin, set: (v) => void (openAtLogin = v) } } });
    expect((await w.client.call('settings.get', {})).launchAtLogin).toBe(false);
    expect((await w.client.call('settings.update', { launchAtLogin: true })).launchAtLogin).toBe(true);
    expect(openAtLogin).toBe(true);
  });
});

describe('router: keychain unlock (the third wrap of keys.json)', () => {
  it('on and off keeps the passphrase and recovery wraps; unlock with it works only while it is on', async () => {
    const keychain = testKeychain();
    w = await openApiWallet({ create: false, host: { keychain: () => ({ ok: true, sealer: keychain }) } });
    const { client } = w;
    const { recoveryKey } = await client.call('vault.create', { passphrase: PASSPHRASE });
    const before = await keysJson(w.root);
    expect(before.current.keychain).toBeUndefined();
    expect((await client.call('settings.get', {})).keychain).toEqual({ enabled: false, backend: null, available: true, unavailableReason: null });

    await expect(client.call('vault.enableKeychainUnlock', { passphrase: 'not it at all' })).rejects.toBeInstanceOf(WrongPassphraseError);
    expect((await keysJson(w.root)).current.keychain).toBeUndefined();
    expect(await client.call('vault.enableKeychainUnlock', { passphrase: PASSPHRASE })).toEqual({ enabled: true, backend: 'gnome_libsecret' });
    const on = await keysJson(w.root);
    expect(on.current).toMatchObject({ passphrase: before.current.passphrase, recovery: before.current.recovery, keychain: { backend: 'gnome_libsecret' } });
    expect((await client.call('settings.get', {})).keychain).toMatchObject({ enabled: true, backend: 'gnome_libsecret' });

    // All three wraps open the vault.
    await client.call('vault.lock', {});
    expect(await client.call('vault.unlockWithKeychain', {})).toMatchObject({ unlocked: true });
    await client.call('vault.lock', {});
    expect(await client.call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ unlocked: true });
    await client.call('vault.lock', {});
    expect(await client.call('vault.unlock', { recoveryKey })).toMatchObject({ unlocked: true });

    // A passphrase change keeps the keychain wrap working.
    await client.call('vault.changePassphrase', { current: PASSPHRASE, next: `${PASSPHRASE} 2` });
    await client.call('vault.lock', {});
    expect(await client.call('vault.unlockWithKeychain', {})).toMatchObject({ unlocked: true });
    // A data-key rotation wraps the new key for the keychain again.
    const rotated = await client.call('vault.rotateKey', { passphrase: `${PASSPHRASE} 2` });
    expect((await keysJson(w.root)).current).toMatchObject({ keychain: { backend: 'gnome_libsecret' } });
    await client.call('vault.lock', {});
    expect(await client.call('vault.unlockWithKeychain', {})).toMatchObject({ unlocked: true });
    await client.call('vault.lock', {});
    expect(await client.call('vault.unlock', { recoveryKey: rotated.recoveryKey })).toMatchObject({ unlocked: true });
    const recoveryKeyNow = rotated.recoveryKey;

    await client.call('vault.disableKeychainUnlock', {});
    const off = await keysJson(w.root);
    expect(off.current.keychain).toBeUndefined();
    expect(Object.keys(off.current).sort()).toEqual(['createdAt', 'dataKeyId', 'passphrase', 'recovery']);
    await client.call('vault.lock', {});
    await expect(client.call('vault.unlockWithKeychain', {})).rejects.toMatchObject({ code: 'KEYCHAIN_UNLOCK_FAILED', details: expect.stringContaining('reason=not-enabled') });
    expect(await client.call('vault.unlock', { passphrase: `${PASSPHRASE} 2` })).toMatchObject({ unlocked: true });
    await client.call('vault.lock', {});
    expect(await client.call('vault.unlock', { recoveryKey: recoveryKeyNow })).toMatchObject({ unlocked: true });
    expect((await client.call('audit.list', {})).map((e) => e.type).filter((t) => t.startsWith('vault.keychain'))).toEqual(['vault.keychain-enabled', 'vault.keychain-enabled', 'vault.keychain-disabled']);
  });

  it('a changed backend or a keychain that lost its entry is refused with its reason; nothing changes', async () => {
    const keychain = testKeychain('kwallet6');
    let access: KeychainAccess = { ok: true, sealer: keychain };
    w = await openApiWallet({ host: { keychain: () => access } });
    const { client } = w;
    await client.call('vault.enableKeychainUnlock', { passphrase: PASSPHRASE });
    await client.call('vault.lock', {});
    const kf = await readFile(join(w.root, 'vault', 'keys.json'), 'utf8');

    access = { ok: true, sealer: testKeychain('gnome_libsecret') };
    const changed = await client.call('vault.unlockWithKeychain', {}).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(KeychainUnlockError);
    expect((changed as KeychainUnlockError).details).toContain('reason=backend-changed');

    keychain.forget();
    access = { ok: true, sealer: keychain };
    await expect(client.call('vault.unlockWithKeychain', {})).rejects.toMatchObject({ code: 'KEYCHAIN_UNLOCK_FAILED', details: expect.stringContaining('reason=unusable') });

    // Linux without a keyring: Electron's basic_text backend is refused by the shell, and the core says so.
    access = { ok: false, reason: 'no-keyring' };
    await expect(client.call('vault.unlockWithKeychain', {})).rejects.toBeInstanceOf(KeychainUnavailableError);
    expect(await readFile(join(w.root, 'vault', 'keys.json'), 'utf8')).toBe(kf);
    expect(await client.call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ unlocked: true });
    const refused = await client.call('vault.enableKeychainUnlock', { passphrase: PASSPHRASE }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KeychainUnavailableError);
    expect((refused as KeychainUnavailableError).shortMessage).toMatch(/No secure keyring/);
    expect((await client.call('settings.get', {})).keychain).toEqual({ enabled: true, backend: 'kwallet6', available: false, unavailableReason: 'no-keyring' });
  });
});
