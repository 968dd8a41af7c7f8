/**
 * A stand-in for the OS keychain in core tests (the shell passes Electron's
 * safeStorage): seals with AES-256-GCM under a key only this object holds,
 * like a keychain whose secret never reaches the wallet. `forget()` plays a
 * keychain that lost its entry (another user, a reset keyring).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeychainSealer } from '../../electron/core/vault/index.js';

export interface TestKeychain extends KeychainSealer {
  forget(): void;
}

export function testKeychain(backend = 'gnome_libsecret'): TestKeychain {
  let key = randomBytes(32);
  return {
    backend,
    seal(secret) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(secret), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    unseal(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
    },
    forget() {
      key = randomBytes(32);
    },
  };
}
