/**
 * keys.json, format version 1. It holds no secret in clear: only the data key
 * (DK) sealed under key-encryption keys, with the KDF settings needed to
 * rebuild those from the passphrase or the recovery key.
 *
 * ```json
 * { "format": "data-wallet-keys", "version": 1, "revision": 7, "vaultId": "<uuid>",
 *   "current": { "dataKeyId": "<uuid>", "createdAt": 1700000000000,
 *     "passphrase": { "kdf": { "algorithm": "argon2id", "version": 19, "memoryKiB": 262144,
 *                              "iterations": 4, "parallelism": 1, "salt": "<b64>" },
 *                     "box": { "alg": "aes-256-gcm", "iv": "…", "ciphertext": "…", "tag": "…" } },
 *     "recovery":   { "kdf": { "algorithm": "hkdf-sha256", "salt": "<b64>" }, "box": { … } },
 *     "keychain":   { "backend": "…", "sealedKek": "<b64>", "box": { … } } },
 *   "pending": { …same shape, present only during a data-key rotation… } }
 * ```
 *
 * Every box is bound (GCM AAD) to the vault id, the data key id, the wrap kind
 * and its KDF settings, so editing any of them makes unwrapping fail.
 */
import { z } from 'zod';
import { SealedBox } from './aead.js';
import { base64Bytes } from './base64-bytes.js';
import { Argon2KdfRecord } from './kdf-params.js';

export const KEY_FILE_FORMAT = 'data-wallet-keys';
export const KEY_FILE_VERSION = 1;

export const PassphraseWrap = z.strictObject({ kdf: Argon2KdfRecord, box: SealedBox });
export type PassphraseWrap = z.infer<typeof PassphraseWrap>;

export const HkdfKdfRecord = z.strictObject({
  algorithm: z.literal('hkdf-sha256'),
  salt: base64Bytes(16, 64),
});
export type HkdfKdfRecord = z.infer<typeof HkdfKdfRecord>;

export const RecoveryWrap = z.strictObject({ kdf: HkdfKdfRecord, box: SealedBox });
export type RecoveryWrap = z.infer<typeof RecoveryWrap>;

/**
 * Reserved for the Electron shell: the DK sealed under a KEK that is itself
 * sealed by the OS keychain (`safeStorage`). Core reads and keeps it but never
 * creates one; a data-key rotation drops it (it seals the old key).
 */
export const KeychainWrap = z.strictObject({
  /** safeStorage backend name, to detect a change of backend. */
  backend: z.string().min(1).max(64),
  /** The KEK as sealed by the OS keychain. */
  sealedKek: base64Bytes(1, 4096),
  box: SealedBox,
});
export type KeychainWrap = z.infer<typeof KeychainWrap>;

/** All wraps of one data key. */
export const KeySet = z.strictObject({
  dataKeyId: z.uuid(),
  createdAt: z.number().int().nonnegative(),
  passphrase: PassphraseWrap,
  /** Absent after a rotation that was interrupted before its new key was shown. */
  recovery: RecoveryWrap.optional(),
  keychain: KeychainWrap.optional(),
});
export type KeySet = z.infer<typeof KeySet>;

export const KeyFile = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(KEY_FILE_VERSION),
  /**
   * Bumped by every write; a writer re-reads the file under the key-file
   * lock and writes only over the revision it read (compare-and-swap).
   * Absent in files from before it existed (= 0).
   */
  revision: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  vaultId: z.uuid(),
  current: KeySet,
  pending: KeySet.optional(),
});
export type KeyFile = z.infer<typeof KeyFile>;

/** Just enough to tell "newer format" from "damaged". */
export const KeyFileHeader = z.object({ format: z.literal(KEY_FILE_FORMAT), version: z.number().int().positive() });
