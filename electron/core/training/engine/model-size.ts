import type { WeightSpec } from './types.js';

/** Number of weights (parameters) in a model's weight list. */
export function countParameters(weightSpecs: readonly Pick<WeightSpec, 'shape'>[]): number {
  return weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** Bytes of the weight delta a job returns (float32 per parameter). */
export const weightDeltaBytes = (weightSpecs: readonly Pick<WeightSpec, 'shape'>[]): number => 4 * countParameters(weightSpecs);
