import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyFileCorruptError, VaultNewerThanAppError } from '../../../electron/core/vault/errors.js';
import { DEFAULT_ARGON2_COST, MIN_ARGON2_COST } from '../../../electron/core/vault/keys/kdf-params.js';
import { resolveVaultOptions } from '../../../electron/core/vault/options.js';
import { parseKeyFile, serializeKeyFile } from '../../../electron/core/vault/keys/key-file-io.js';
import type { KeyFile } from '../../../electron/core/vault/keys/key-file-schema.js';
import { createKeySet, openPassphraseWrap, openRecoveryWrap } from '../../../electron/core/vault/keys/wraps.js';
import { parseRecoveryKey } from '../../../electron/core/vault/keys/recovery-key.js';

const PASS = 'correct horse battery';

// Tests edit arbitrary JSON paths of the key file.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;

async function sample(): Promise<{ kf: KeyFile; dk: Buffer; recoveryKey: string }> {
  const dk = randomBytes(32);
  const vaultId = randomUUID();
  const { keySet, recoveryKey } = await createKeySet(vaultId, dk, PASS, MIN_ARGON2_COST, 1_700_000_000_000);
  return { kf: { format: 'data-wallet-keys', version: 1, vaultId, current: keySet }, dk, recoveryKey };
}

function edit(kf: KeyFile, fn: (json: LooseJson) => void): string {
  const json = JSON.parse(serializeKeyFile(kf)) as LooseJson;
  fn(json);
  return JSON.stringify(json);
}

describe('keys.json parsing', () => {
  it('round-trips and holds no key material in clear', async () => {
    const { kf, dk } = await sample();
    const text = serializeKeyFile(kf);
    expect(parseKeyFile(text)).toEqual(kf);
    expect(text).not.toContain(dk.toString('base64'));
    expect(text).not.toContain(dk.toString('hex'));
  });

  it('refuses unparseable, truncated and foreign files', async () => {
    const { kf } = await sample();
    const text = serializeKeyFile(kf);
    expect(() => parseKeyFile(text.slice(0, text.length / 2))).toThrow(KeyFileCorruptError);
    expect(() => parseKeyFile('')).toThrow('The key file (keys.json) is damaged or was modified: it is not valid JSON (it may be truncated).');
    expect(() => parseKeyFile('{"hello":1}')).toThrow('it is not a Data Wallet key file');
    expect(() => parseKeyFile(edit(kf, (j) => (j.current.passphrase.box.tag = 'AAAA')))).toThrow(
      'current.passphrase.box.tag is invalid (must be base64 of 16 bytes)',
    );
    expect(() => parseKeyFile(edit(kf, (j) => (j.extra = true)))).toThrow(KeyFileCorruptError);
  });

  it('refuses downgraded KDF settings', async () => {
    const { kf } = await sample();
    const downgrades: Array<(j: LooseJson) => void> = [
      (j) => (j.current.passphrase.kdf.memoryKiB = 1024),
      (j) => (j.current.passphrase.kdf.iterations = 1),
      (j) => (j.current.passphrase.kdf.parallelism = 0),
      (j) => (j.current.passphrase.kdf.salt = Buffer.alloc(8).toString('base64')),
      (j) => (j.current.passphrase.kdf.algorithm = 'argon2i'),
      (j) => (j.current.passphrase.kdf.memoryKiB = 1e12),
    ];
    for (const downgrade of downgrades) {
      expect(() => parseKeyFile(edit(kf, downgrade))).toThrow(KeyFileCorruptError);
    }
    expect(() => parseKeyFile(edit(kf, downgrades[0]!))).toThrow(
      'current.passphrase.kdf.memoryKiB is invalid (Too small: expected number to be >=19456)',
    );
  });

  it('refuses inflated KDF settings (a tampered file must not make every unlock eat gigabytes)', async () => {
    const { kf } = await sample();
    const inflations: Array<(j: LooseJson) => void> = [
      (j) => (j.current.passphrase.kdf.memoryKiB = 4 * 1024 * 1024), // 4 GiB
      (j) => (j.current.passphrase.kdf.iterations = 64),
      (j) => (j.current.passphrase.kdf.parallelism = 16),
      // Each within its own cap, together 16× the default work.
      (j) => Object.assign(j.current.passphrase.kdf, { memoryKiB: 1024 * 1024, iterations: 16 }),
      (j) => (j.pending = { ...j.current, dataKeyId: randomUUID(), passphrase: { ...j.current.passphrase, kdf: { ...j.current.passphrase.kdf, memoryKiB: 2 * 1024 * 1024 } } }),
    ];
    for (const inflate of inflations) {
      expect(() => parseKeyFile(edit(kf, inflate))).toThrow(KeyFileCorruptError);
    }
    expect(() => parseKeyFile(edit(kf, inflations[0]!))).toThrow(/current\.passphrase\.kdf\.memoryKiB is invalid \(Too big: expected number to be <=1048576\)/);
    // The default cost and up to four times its work are accepted.
    for (const cost of [DEFAULT_ARGON2_COST, { memoryKiB: 1024 * 1024, iterations: 4, parallelism: 4 }, { memoryKiB: 256 * 1024, iterations: 16, parallelism: 1 }]) {
      expect(parseKeyFile(edit(kf, (j) => Object.assign(j.current.passphrase.kdf, cost))).current.passphrase.kdf).toMatchObject(cost);
    }
    expect(() => resolveVaultOptions({ kdf: { memoryKiB: 4 * 1024 * 1024, iterations: 4, parallelism: 1 } })).toThrow(RangeError);
  });

  it('accepts an optional keychain wrap (reserved for the Electron shell)', async () => {
    const { kf } = await sample();
    const box = kf.current.passphrase.box;
    const text = edit(kf, (j) => (j.current.keychain = { backend: 'gnome_libsecret', sealedKek: 'AAECAw==', box }));
    expect(parseKeyFile(text).current.keychain?.backend).toBe('gnome_libsecret');
  });

  it('reports a newer format version as VaultNewerThanAppError', async () => {
    const { kf } = await sample();
    expect(() => parseKeyFile(edit(kf, (j) => (j.version = 2)))).toThrow(VaultNewerThanAppError);
  });
});

describe('wraps are bound to their context (GCM AAD)', () => {
  it('opens with the right secrets', async () => {
    const { kf, dk, recoveryKey } = await sample();
    const ids = { vaultId: kf.vaultId, dataKeyId: kf.current.dataKeyId };
    expect((await openPassphraseWrap(ids, kf.current.passphrase, PASS))?.equals(dk)).toBe(true);
    expect(openRecoveryWrap(ids, kf.current.recovery!, parseRecoveryKey(recoveryKey))?.equals(dk)).toBe(true);
    expect(await openPassphraseWrap(ids, kf.current.passphrase, 'wrong passphrase')).toBeNull();
  });

  it('fails to open when the vault id, key id or KDF settings were edited', async () => {
    const { kf, recoveryKey } = await sample();
    const ids = { vaultId: kf.vaultId, dataKeyId: kf.current.dataKeyId };
    const wrap = kf.current.passphrase;
    expect(await openPassphraseWrap({ ...ids, vaultId: randomUUID() }, wrap, PASS)).toBeNull();
    expect(await openPassphraseWrap({ ...ids, dataKeyId: randomUUID() }, wrap, PASS)).toBeNull();
    // Raised cost (still valid) with the same salt: the KEK differs and the AAD differs.
    expect(await openPassphraseWrap(ids, { ...wrap, kdf: { ...wrap.kdf, iterations: 3 } }, PASS)).toBeNull();
    const rec = kf.current.recovery!;
    const otherSalt = randomBytes(16).toString('base64');
    expect(openRecoveryWrap(ids, { ...rec, kdf: { ...rec.kdf, salt: otherSalt } }, parseRecoveryKey(recoveryKey))).toBeNull();
  });
});
