/**
 * The OS-keychain wrap: safeStorage refused where it is no real keychain
 * (Linux basic_text), the wrap round-trips, is bound to its vault, data key
 * and backend, and a change of backend is reported as such.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { keychainAvailability, safeStorageSealer } = await import('../../../electron/main/keychain.js');
const { createKeychainWrap, openKeychainWrap } = await import('../../../electron/core/vault/keys/keychain-wrap.js');
const { KeychainWrap } = await import('../../../electron/core/vault/keys/key-file-schema.js');

/** Stands in for the OS keychain: AES-GCM under a key only it holds, with Electron's string API. */
function fakeSafeStorage(backend: string, available = true) {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as never,
    encryptString(text: string) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(buf: Buffer) {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('keychain availability', () => {
  it('refuses Linux basic_text and unknown backends, and no encryption at all', () => {
    expect(keychainAvailability(fakeSafeStorage('basic_text'), 'linux')).toEqual({ ok: false, reason: 'no-keyring' });
    expect(keychainAvailability(fakeSafeStorage('unknown'), 'linux').ok).toBe(false);
    expect(keychainAvailability(fakeSafeStorage('gnome_libsecret', false), 'linux')).toEqual({ ok: false, reason: 'no-encryption' });
    expect(safeStorageSealer(fakeSafeStorage('basic_text'), 'linux').ok).toBe(false);
  });

  it('accepts a real keyring on Linux, the keychain on macOS and DPAPI on Windows', () => {
    expect(keychainAvailability(fakeSafeStorage('gnome_libsecret'), 'linux')).toEqual({ ok: true, backend: 'gnome_libsecret' });
    expect(keychainAvailability(fakeSafeStorage('kwallet6'), 'linux')).toEqual({ ok: true, backend: 'kwallet6' });
    expect(keychainAvailability(fakeSafeStorage('unknown'), 'darwin')).toEqual({ ok: true, backend: 'keychain' });
    expect(keychainAvailability(fakeSafeStorage('unknown'), 'win32')).toEqual({ ok: true, backend: 'dpapi' });
  });
});

describe('keychain wrap', () => {
  const ids = { vaultId: randomUUID(), dataKeyId: randomUUID() };
  const dk = randomBytes(32);

  it('round-trips the data key and matches the key-file schema', () => {
    const s = safeStorageSealer(fakeSafeStorage('gnome_libsecret'), 'linux');
    if (!s.ok) throw new Error(s.reason);
    const wrap = createKeychainWrap(ids, dk, s.sealer);
    expect(KeychainWrap.safeParse(wrap).success).toBe(true);
    expect(JSON.stringify(wrap)).not.toContain(dk.toString('base64'));
    const opened = openKeychainWrap(ids, wrap, s.sealer);
    expect(opened.ok && opened.dk.equals(dk)).toBe(true);
  });

  it('reports a change of backend, and refuses another vault, another data key or another keychain', () => {
    const storage = fakeSafeStorage('gnome_libsecret');
    const s = safeStorageSealer(storage, 'linux');
    if (!s.ok) throw new Error(s.reason);
    const wrap = createKeychainWrap(ids, dk, s.sealer);
    const kwallet = safeStorageSealer({ ...storage, getSelectedStorageBackend: () => 'kwallet6' as never }, 'linux');
    if (!kwallet.ok) throw new Error(kwallet.reason);
    expect(openKeychainWrap(ids, wrap, kwallet.sealer)).toEqual({ ok: false, reason: 'backend-changed', wrapBackend: 'gnome_libsecret' });
    expect(openKeychainWrap({ ...ids, vaultId: randomUUID() }, wrap, s.sealer)).toEqual({ ok: false, reason: 'unusable' });
    expect(openKeychainWrap({ ...ids, dataKeyId: randomUUID() }, wrap, s.sealer)).toEqual({ ok: false, reason: 'unusable' });
    const otherMachine = safeStorageSealer(fakeSafeStorage('gnome_libsecret'), 'linux');
    if (!otherMachine.ok) throw new Error(otherMachine.reason);
    expect(openKeychainWrap(ids, wrap, otherMachine.sealer)).toEqual({ ok: false, reason: 'unusable' });
    expect(openKeychainWrap(ids, { ...wrap, backend: 'basic_text' }, s.sealer)).toMatchObject({ reason: 'backend-changed' });
  });
});
