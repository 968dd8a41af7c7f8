/**
 * The desktop host (safeStorage and the login item, from a mocked 'electron')
 * driving a real wallet: keychain unlock is turned on from the settings,
 * the app unlocks with it at start, Linux basic_text is refused with a clear
 * error, and launch at login goes to app.setLoginItemSettings.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ backend: 'gnome_libsecret', openAtLogin: false, key: Buffer.alloc(0) as Buffer }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => electron.backend,
    encryptString(text: string) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', electron.key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(buf: Buffer) {
      const d = createDecipheriv('aes-256-gcm', electron.key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  },
  app: {
    getLoginItemSettings: () => ({ openAtLogin: electron.openAtLogin }),
    setLoginItemSettings: (o: { openAtLogin: boolean }) => void (electron.openAtLogin = o.openAtLogin),
  },
}));
electron.key = randomBytes(32);
const { desktopHost } = await import('../../../electron/main/host.js');
const { readTrayState, setLeasesPaused, unlockWithKeychainAtStart, readAutoLockMinutes, consentRoute } = await import('../../../electron/main/agent.js');
const { openApiWallet } = await import('../../helpers/api-wallet.js');
const { PASSPHRASE } = await import('../../helpers/vault-fixtures.js');

describe('desktop host over a real wallet', () => {
  it('keychain unlock on from the settings, unlocked with it at start; launch at login; pause from the tray', async () => {
    const w = await openApiWallet({ host: desktopHost('linux') });
    try {
      const { client } = w;
      expect((await client.call('settings.get', {})).keychain).toMatchObject({ enabled: false, available: true });
      await client.call('vault.enableKeychainUnlock', { passphrase: PASSPHRASE });
      await client.call('vault.lock', {});
      expect(await unlockWithKeychainAtStart(client)).toBe(true);
      expect((await client.call('vault.status', {})).unlocked).toBe(true);

      await client.call('settings.update', { launchAtLogin: true, autoLockMinutes: 7 });
      expect(electron.openAtLogin).toBe(true);
      expect(await readAutoLockMinutes(client)).toBe(7);

      expect(await setLeasesPaused(client, true)).toBe(true);
      expect(await readTrayState(client, true)).toMatchObject({ unlocked: true, paused: true, canPause: true });
      expect(await setLeasesPaused(client, false)).toBe(false);
      expect((await readTrayState(client, true)).paused).toBe(false);

      // The keyring went away (Linux basic_text): no unlock with it, a clear reason, the passphrase still works.
      electron.backend = 'basic_text';
      await client.call('vault.lock', {});
      expect(await unlockWithKeychainAtStart(client)).toBe(false);
      await expect(client.call('vault.unlockWithKeychain', {})).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', shortMessage: expect.stringMatching(/No secure keyring/) });
      expect(await readAutoLockMinutes(client)).toBeNull();
      await client.call('vault.unlock', { passphrase: PASSPHRASE });
      await expect(client.call('vault.enableKeychainUnlock', { passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
      expect((await client.call('settings.get', {})).keychain).toMatchObject({ enabled: true, available: false, unavailableReason: 'no-keyring' });
      electron.backend = 'gnome_libsecret';
    } finally {
      await w.close();
    }
  });

  it('a vault without keychain unlock stays locked at start', async () => {
    const w = await openApiWallet({ host: desktopHost('linux') });
    try {
      await w.client.call('vault.lock', {});
      expect(await unlockWithKeychainAtStart(w.client)).toBe(false);
    } finally {
      await w.close();
    }
  });

  it('the consent prompt route is the renderer’s /consent?link=', () => {
    expect(consentRoute('datawallet://lease-request?r=ab&x=1')).toBe('/consent?link=datawallet%3A%2F%2Flease-request%3Fr%3Dab%26x%3D1');
  });
});
