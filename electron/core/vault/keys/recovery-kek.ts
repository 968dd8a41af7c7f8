import { hkdfSync } from 'node:crypto';

const INFO = Buffer.from('data-wallet/recovery-kek/v1', 'utf8');

/**
 * Key-encryption key from a recovery key's 160-bit secret via HKDF-SHA256.
 * The secret is random (not chosen by a person), so no slow KDF is needed.
 */
export function deriveRecoveryKek(secret: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, INFO, 32));
}
