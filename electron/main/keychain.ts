/**
 * Electron's safeStorage as the vault's KeychainSealer. Refused when the OS
 * offers no real keychain: on Linux, `basic_text` means Chromium "encrypts"
 * with a hard-coded password, which would put the data key next to its key.
 * The reason is a code; the core words it (KeychainUnavailableError).
 */
import type { SafeStorage } from 'electron';
import type { KeychainSealer } from '../core/vault/keys/keychain-wrap.js';
import type { KeychainAccess } from '../core/wallet/index.js';

export type KeychainAvailability = { ok: true; backend: string } | { ok: false; reason: 'no-encryption' | 'no-keyring' };

export function keychainAvailability(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend'>, platform: NodeJS.Platform): KeychainAvailability {
  if (!safeStorage.isEncryptionAvailable()) return { ok: false, reason: 'no-encryption' };
  if (platform === 'darwin') return { ok: true, backend: 'keychain' };
  if (platform === 'win32') return { ok: true, backend: 'dpapi' };
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'basic_text' || backend === 'unknown') return { ok: false, reason: 'no-keyring' };
  return { ok: true, backend };
}

/** The sealer, or the reason there is none (the core refuses keychain unlock with it; the passphrase keeps working). */
export function safeStorageSealer(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>,
  platform: NodeJS.Platform = process.platform,
): KeychainAccess {
  const available = keychainAvailability(safeStorage, platform);
  if (!available.ok) return available;
  const sealer: KeychainSealer = {
    backend: available.backend,
    seal: (secret) => safeStorage.encryptString(secret.toString('base64')),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
  return { ok: true, sealer };
}
