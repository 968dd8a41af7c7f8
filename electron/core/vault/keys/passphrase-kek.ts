import { hashRaw, type Algorithm, type Version } from '@node-rs/argon2';
import type { Argon2Cost } from './kdf-params.js';

// `Algorithm` and `Version` are ambient const enums, which isolatedModules
// cannot read; these are Algorithm.Argon2id and Version.V0x13.
const ARGON2ID = 2 as Algorithm;
const V0X13 = 1 as Version;

/**
 * Derives the 32-byte key-encryption key from a passphrase with Argon2id.
 * The passphrase is NFC-normalised first so that the same text typed on
 * different systems gives the same key.
 */
export async function derivePassphraseKek(passphrase: string, cost: Argon2Cost, salt: Buffer): Promise<Buffer> {
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  try {
    return await hashRaw(secret, {
      algorithm: ARGON2ID,
      version: V0X13,
      memoryCost: cost.memoryKiB,
      timeCost: cost.iterations,
      parallelism: cost.parallelism,
      outputLen: 32,
      salt,
    });
  } finally {
    secret.fill(0);
  }
}
