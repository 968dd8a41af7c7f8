import { z } from 'zod';
import { base64Bytes } from './base64-bytes.js';

/**
 * Argon2id settings for the passphrase wrap, validated with minimums so that
 * a tampered key file cannot downgrade them (and with maximums so that it
 * cannot make unlocking exhaust memory).
 */
export const ARGON2_LIMITS = {
  /** 19 MiB, the OWASP minimum for Argon2id. */
  minMemoryKiB: 19 * 1024,
  /** 4 GiB. */
  maxMemoryKiB: 4 * 1024 * 1024,
  minIterations: 2,
  maxIterations: 64,
  minParallelism: 1,
  maxParallelism: 16,
  minSaltBytes: 16,
  maxSaltBytes: 64,
} as const;

export const Argon2Cost = z.strictObject({
  memoryKiB: z.number().int().min(ARGON2_LIMITS.minMemoryKiB).max(ARGON2_LIMITS.maxMemoryKiB),
  iterations: z.number().int().min(ARGON2_LIMITS.minIterations).max(ARGON2_LIMITS.maxIterations),
  parallelism: z.number().int().min(ARGON2_LIMITS.minParallelism).max(ARGON2_LIMITS.maxParallelism),
});
/** Memory (KiB), passes and lanes of Argon2id. */
export type Argon2Cost = z.infer<typeof Argon2Cost>;

/** The KDF entry of a passphrase wrap as stored in keys.json. */
export const Argon2KdfRecord = z.strictObject({
  algorithm: z.literal('argon2id'),
  /** Argon2 version 0x13. */
  version: z.literal(19),
  ...Argon2Cost.shape,
  salt: base64Bytes(ARGON2_LIMITS.minSaltBytes, ARGON2_LIMITS.maxSaltBytes),
});
export type Argon2KdfRecord = z.infer<typeof Argon2KdfRecord>;

/**
 * Default cost: 256 MiB, 4 passes, 1 lane. Measured on the 2-core reference
 * machine at ≈ 0.35–0.4 s per derivation, so unlocking takes ≈ 0.4–0.5 s.
 */
export const DEFAULT_ARGON2_COST: Argon2Cost = Object.freeze({
  memoryKiB: 256 * 1024,
  iterations: 4,
  parallelism: 1,
});

/** The cheapest cost the vault accepts (19 MiB, t=2, p=1); meant for tests. */
export const MIN_ARGON2_COST: Argon2Cost = Object.freeze({
  memoryKiB: ARGON2_LIMITS.minMemoryKiB,
  iterations: ARGON2_LIMITS.minIterations,
  parallelism: 1,
});
