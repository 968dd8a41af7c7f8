/**
 * Electron's safeStorage as the vault's KeychainSealer. Refused when the OS
 * offers no real keychain: on Linux, `basic_text` means Chromium "encrypts"
 * with a hard-coded password, which would put the data key next to its key.
 */
import type { SafeStorage } from 'electron';
import type { KeychainSealer } from '../core/vault/keys/keychain-wrap.js';

export type KeychainAvailability = { ok: true; backend: string } | { ok: false; reason: string };

export function keychainAvailability(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend'>, platform: NodeJS.Platform): KeychainAvailability {
  if (!safeStorage.isEncryptionAvailable()) return { ok: false, reason: 'This system offers no keychain to Data Wallet.' };
  if (platform === 'darwin') return { ok: true, backend: 'keychain' };
  if (platform === 'win32') return { ok: true, backend: 'dpapi' };
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'basic_text' || backend === 'unknown') {
    return { ok: false, reason: 'No secure keyring (GNOME Keyring or KWallet) is running; the fallback would keep the key in plain sight.' };
  }
  return { ok: true, backend };
}

/** The sealer, or the reason there is none (show it; keep unlocking with the passphrase). */
export function safeStorageSealer(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>,
  platform: NodeJS.Platform = process.platform,
): { ok: true; sealer: KeychainSealer } | { ok: false; reason: string } {
  const available = keychainAvailability(safeStorage, platform);
  if (!available.ok) return available;
  return {
    ok: true,
    sealer: {
      backend: available.backend,
      seal: (secret) => safeStorage.encryptString(secret.toString('base64')),
      unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
    },
  };
}
