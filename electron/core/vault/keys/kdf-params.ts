import { z } from 'zod';
import { base64Bytes } from './base64-bytes.js';

/**
 * Argon2id settings for the passphrase wrap, validated with minimums so that
 * a tampered key file cannot downgrade them, and with maximums of four times
 * the default (memory, passes, and their product) so that it cannot make
 * every unlock eat gigabytes and many seconds. A key file outside them is
 * refused as damaged.
 */
export const ARGON2_LIMITS = {
  /** 19 MiB, the OWASP minimum for Argon2id. */
  minMemoryKiB: 19 * 1024,
  /** 1 GiB, four times the default. */
  maxMemoryKiB: 1024 * 1024,
  minIterations: 2,
  /** Four times the default. */
  maxIterations: 16,
  minParallelism: 1,
  maxParallelism: 4,
  /** memoryKiB × iterations: four times the default's 256 MiB × 4. */
  maxWorkKiB: 4 * 256 * 1024 * 4,
  minSaltBytes: 16,
  maxSaltBytes: 64,
} as const;

const argon2CostShape = {
  memoryKiB: z.number().int().min(ARGON2_LIMITS.minMemoryKiB).max(ARGON2_LIMITS.maxMemoryKiB),
  iterations: z.number().int().min(ARGON2_LIMITS.minIterations).max(ARGON2_LIMITS.maxIterations),
  parallelism: z.number().int().min(ARGON2_LIMITS.minParallelism).max(ARGON2_LIMITS.maxParallelism),
};

const withinWork = (c: { memoryKiB: number; iterations: number }): boolean => c.memoryKiB * c.iterations <= ARGON2_LIMITS.maxWorkKiB;
const WORK_MESSAGE = { message: `memoryKiB × iterations must be at most ${ARGON2_LIMITS.maxWorkKiB} (four times the default)`, path: ['memoryKiB'] };

export const Argon2Cost = z.strictObject(argon2CostShape).refine(withinWork, WORK_MESSAGE);
/** Memory (KiB), passes and lanes of Argon2id. */
export type Argon2Cost = z.infer<typeof Argon2Cost>;

/** The KDF entry of a passphrase wrap as stored in keys.json. */
export const Argon2KdfRecord = z.strictObject({
  algorithm: z.literal('argon2id'),
  /** Argon2 version 0x13. */
  version: z.literal(19),
  ...argon2CostShape,
  salt: base64Bytes(ARGON2_LIMITS.minSaltBytes, ARGON2_LIMITS.maxSaltBytes),
}).refine(withinWork, WORK_MESSAGE);
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
