/**
 * The parts of the training engine (electron/core/training/engine, owned by
 * the engine work) the runner uses, injected so the composition root picks
 * the implementation.
 */
import type { TrainingJobCallbacks, TrainingJobHandle, TrainingJobInput } from './engine/index.js';

/** The accountant's inputs (same shape as the engine's DpSgdPrivacyParameters). */
export interface DpSgdPrivacyParameters {
  n: number;
  batchSize: number;
  noiseMultiplier: number;
  epochs: number;
  delta: number;
}

export interface TrainingEngine {
  startTrainingJob(input: TrainingJobInput, callbacks?: TrainingJobCallbacks): TrainingJobHandle;
  computeEpsilon(p: DpSgdPrivacyParameters): { epsilon: number };
  noiseMultiplierFor(p: Omit<DpSgdPrivacyParameters, 'noiseMultiplier'> & { targetEpsilon: number }): number;
}
