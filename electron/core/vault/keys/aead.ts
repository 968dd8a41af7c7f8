import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { base64Bytes, fromBase64 } from './base64-bytes.js';

/** A data key sealed with AES-256-GCM, as stored in keys.json (base64 fields). */
export const SealedBox = z.strictObject({
  alg: z.literal('aes-256-gcm'),
  iv: base64Bytes(12),
  ciphertext: base64Bytes(32),
  tag: base64Bytes(16),
});
export type SealedBox = z.infer<typeof SealedBox>;

/** Seals a 32-byte key under `kek`, bound to `aad`. */
export function seal(kek: Buffer, plaintext: Buffer, aad: Buffer): SealedBox {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const box: SealedBox = {
    alg: 'aes-256-gcm',
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
  ciphertext.fill(0);
  return box;
}

/** Opens a sealed box; returns null when the key or the AAD does not match. */
export function open(kek: Buffer, box: SealedBox, aad: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', kek, fromBase64(box.iv));
  decipher.setAAD(aad);
  decipher.setAuthTag(fromBase64(box.tag));
  const out = decipher.update(fromBase64(box.ciphertext));
  try {
    decipher.final();
    return out;
  } catch {
    out.fill(0);
    return null;
  }
}
