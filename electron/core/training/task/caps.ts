/**
 * The wallet's own limits on what a task may ask for, on top of the task
 * format's hard limits. Stored in the vault setting `training.caps`;
 * missing fields take the defaults.
 */
import { z } from 'zod';
import type { Vault } from '../../vault/index.js';

export const TRAINING_CAPS_SETTING = 'training.caps';

export const TrainingCaps = z.strictObject({
  /** Trainable and non-trainable parameters of the model. */
  maxParams: z.number().int().min(1).max(100_000_000).default(5_000_000),
  maxEpochs: z.number().int().min(1).max(1000).default(100),
  /** Wall time of one job (also never more than the lease's remaining time). */
  maxWallTimeMs: z.number().int().min(1000).max(24 * 3_600_000).default(30 * 60_000),
  /** Estimated memory of one job: weights, optimizer state, gradients and examples. */
  maxMemoryBytes: z.number().int().min(1 << 20).max(16 * 2 ** 30).default(1024 * 2 ** 20),
  /** Examples built from the vault for one job. */
  maxExamples: z.number().int().min(1).max(10_000_000).default(1_000_000),
});
export type TrainingCaps = z.infer<typeof TrainingCaps>;

export const DEFAULT_TRAINING_CAPS: TrainingCaps = TrainingCaps.parse({});

export function readTrainingCaps(vault: Vault): TrainingCaps {
  const stored = vault.settings.get(TRAINING_CAPS_SETTING);
  const parsed = TrainingCaps.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_TRAINING_CAPS;
}

export function writeTrainingCaps(vault: Vault, caps: Partial<TrainingCaps>): TrainingCaps {
  const checked = TrainingCaps.parse({ ...readTrainingCaps(vault), ...caps });
  vault.settings.set(TRAINING_CAPS_SETTING, checked);
  return checked;
}

/** Bytes a job needs, roughly: weights ×4 (weights, gradients, two Adam slots) and the examples twice (x/y and one batch copy). */
export function estimateJobMemory(params: number, examples: number, featuresPerExample: number, labelsPerExample: number): number {
  return params * 4 * 4 + examples * (featuresPerExample + labelsPerExample) * 4 * 2;
}
