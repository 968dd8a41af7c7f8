/**
 * The third, optional wrap of the data key: under a random key-encryption key
 * (KEK) that the OS keychain seals (Electron `safeStorage` in the shell; the
 * core only sees the `KeychainSealer` interface, so it never imports
 * Electron). The box is bound by GCM AAD to the vault id, the data key id,
 * the wrap kind and the keychain backend, so a wrap made under one backend is
 * recognised as such, not silently opened under another.
 */
import { randomBytes } from 'node:crypto';
import { open, seal } from './aead.js';
import type { KeychainWrap } from './key-file-schema.js';
import type { WrapIds } from './wraps.js';

/** What the OS keychain offers: seal and unseal a small secret, under a named backend. */
export interface KeychainSealer {
  /** e.g. `keychain` (macOS), `dpapi` (Windows), `gnome_libsecret`, `kwallet6` (Linux). Never `basic_text`. */
  readonly backend: string;
  seal(secret: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

const AAD_TAG = 'data-wallet/key-wrap/v1';

function keychainAad(ids: WrapIds, backend: string): Buffer {
  return Buffer.from(JSON.stringify([AAD_TAG, ids.vaultId, ids.dataKeyId, 'keychain', backend]), 'utf8');
}

export function createKeychainWrap(ids: WrapIds, dk: Buffer, sealer: KeychainSealer): KeychainWrap {
  const kek = randomBytes(32);
  try {
    const sealedKek = sealer.seal(kek);
    return { backend: sealer.backend, sealedKek: sealedKek.toString('base64'), box: seal(kek, dk, keychainAad(ids, sealer.backend)) };
  } finally {
    kek.fill(0);
  }
}

export type KeychainOpenResult =
  | { ok: true; dk: Buffer }
  /** The wrap was made under another keychain backend (the desktop or keyring changed): unlock with the passphrase and enable it again. */
  | { ok: false; reason: 'backend-changed'; wrapBackend: string }
  /** The keychain could not unseal the KEK, or the box does not open: the wrap is unusable. */
  | { ok: false; reason: 'unusable' };

export function openKeychainWrap(ids: WrapIds, wrap: KeychainWrap, sealer: KeychainSealer): KeychainOpenResult {
  if (wrap.backend !== sealer.backend) return { ok: false, reason: 'backend-changed', wrapBackend: wrap.backend };
  let kek: Buffer;
  try {
    kek = sealer.unseal(Buffer.from(wrap.sealedKek, 'base64'));
  } catch {
    return { ok: false, reason: 'unusable' };
  }
  try {
    if (kek.length !== 32) return { ok: false, reason: 'unusable' };
    const dk = open(kek, wrap.box, keychainAad(ids, wrap.backend));
    return dk ? { ok: true, dk } : { ok: false, reason: 'unusable' };
  } finally {
    kek.fill(0);
  }
}
