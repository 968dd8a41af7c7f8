/**
 * Sealing the data key (DK) under each kind of key-encryption key, and
 * opening it again. Every seal is bound by GCM AAD to the vault id, the data
 * key id, the wrap kind and its KDF settings.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { open, seal } from './aead.js';
import { fromBase64 } from './base64-bytes.js';
import type { Argon2Cost } from './kdf-params.js';
import type { KeySet, PassphraseWrap, RecoveryWrap } from './key-file-schema.js';
import { derivePassphraseKek } from './passphrase-kek.js';
import { deriveRecoveryKek } from './recovery-kek.js';
import { generateRecoveryKey } from './recovery-key.js';

export interface WrapIds {
  vaultId: string;
  dataKeyId: string;
}

const AAD_TAG = 'data-wallet/key-wrap/v1';

function passphraseAad(ids: WrapIds, kdf: PassphraseWrap['kdf']): Buffer {
  const fields = [AAD_TAG, ids.vaultId, ids.dataKeyId, 'passphrase', kdf.algorithm, kdf.version, kdf.memoryKiB, kdf.iterations, kdf.parallelism, kdf.salt];
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

function recoveryAad(ids: WrapIds, kdf: RecoveryWrap['kdf']): Buffer {
  return Buffer.from(JSON.stringify([AAD_TAG, ids.vaultId, ids.dataKeyId, 'recovery', kdf.algorithm, kdf.salt]), 'utf8');
}

export async function createPassphraseWrap(ids: WrapIds, dk: Buffer, passphrase: string, cost: Argon2Cost): Promise<PassphraseWrap> {
  const salt = randomBytes(16);
  const kdf: PassphraseWrap['kdf'] = { algorithm: 'argon2id', version: 19, ...cost, salt: salt.toString('base64') };
  const kek = await derivePassphraseKek(passphrase, cost, salt);
  try {
    return { kdf, box: seal(kek, dk, passphraseAad(ids, kdf)) };
  } finally {
    kek.fill(0);
  }
}

/** Opens a passphrase wrap; null when the passphrase (or the wrap) is wrong. */
export async function openPassphraseWrap(ids: WrapIds, wrap: PassphraseWrap, passphrase: string): Promise<Buffer | null> {
  const { memoryKiB, iterations, parallelism } = wrap.kdf;
  const kek = await derivePassphraseKek(passphrase, { memoryKiB, iterations, parallelism }, fromBase64(wrap.kdf.salt));
  try {
    return open(kek, wrap.box, passphraseAad(ids, wrap.kdf));
  } finally {
    kek.fill(0);
  }
}

/** A new recovery key and the wrap of `dk` under it. The text is shown to the user once. */
export function createRecoveryWrap(ids: WrapIds, dk: Buffer): { wrap: RecoveryWrap; recoveryKey: string } {
  const { secret, text } = generateRecoveryKey();
  const salt = randomBytes(16);
  const kdf: RecoveryWrap['kdf'] = { algorithm: 'hkdf-sha256', salt: salt.toString('base64') };
  const kek = deriveRecoveryKek(secret, salt);
  try {
    return { wrap: { kdf, box: seal(kek, dk, recoveryAad(ids, kdf)) }, recoveryKey: text };
  } finally {
    kek.fill(0);
    secret.fill(0);
  }
}

/** Opens a recovery wrap with a parsed recovery secret; null when it does not match. */
export function openRecoveryWrap(ids: WrapIds, wrap: RecoveryWrap, secret: Buffer): Buffer | null {
  const kek = deriveRecoveryKek(secret, fromBase64(wrap.kdf.salt));
  try {
    return open(kek, wrap.box, recoveryAad(ids, wrap.kdf));
  } finally {
    kek.fill(0);
  }
}

/** A fresh key set for `dk`: passphrase and recovery wraps. */
export async function createKeySet(
  vaultId: string,
  dk: Buffer,
  passphrase: string,
  cost: Argon2Cost,
  now: number,
): Promise<{ keySet: KeySet; recoveryKey: string }> {
  const ids: WrapIds = { vaultId, dataKeyId: randomUUID() };
  const passphraseWrap = await createPassphraseWrap(ids, dk, passphrase, cost);
  const { wrap: recovery, recoveryKey } = createRecoveryWrap(ids, dk);
  return { keySet: { dataKeyId: ids.dataKeyId, createdAt: now, passphrase: passphraseWrap, recovery }, recoveryKey };
}
