/**
 * The training engine: DP-SGD with an RDP accountant, run in a worker thread.
 * This file is the engine's public surface: the runner service and the API
 * handlers import only it (its tests and bench/training.ts reach inside).
 * Packaging: `worker.js` is loaded by URL next to `start-training-job.js`, so
 * a bundler must keep it as a separate file.
 *
 *   const job = startTrainingJob(input, { onProgress });
 *   job.cancel();               // stops within 1 s; `result` rejects with TrainingCancelledError
 *   const r = await job.result; // TrainingJobResult: weight delta, ε spent, backend, stopReason
 *
 * - One job at a time per process: starting a second while one runs throws
 *   TrainingBusyError. Input is validated before the worker starts
 *   (TrainingSettingsError naming the value).
 * - Privacy: Poisson sampling with q = batchSize/N, ceil(epochs·N/batchSize)
 *   steps, per-example clipping to C, Gaussian noise σ·C on the sum, averaged
 *   by the expected batch size; the RDP accountant (TensorFlow Privacy's
 *   compute_dp_sgd_privacy) charges every step and the job stops before ε
 *   would exceed dp.maxEpsilon (stopReason 'budget').
 * - `computeEpsilon` / `noiseMultiplierFor` let callers preview ε or pick σ
 *   for a budget before a job starts.
 */
export type {
  BackendChoice,
  BackendName,
  ClippingMethod,
  DpSgdSettings,
  LossName,
  ModelPayload,
  OptimizerName,
  TrainingJobCallbacks,
  TrainingJobHandle,
  TrainingJobInput,
  TrainingJobResult,
  TrainingProgress,
  WeightSpec,
} from './types.js';

export {
  computeEpsilon,
  computeRdp,
  DEFAULT_ORDERS,
  dpSgdSteps,
  noiseMultiplierFor,
  SampledGaussianAccountant,
  type DpSgdPrivacyParameters,
} from './rdp-accountant.js';
export {
  PrivacyBudgetUnreachableError,
  TrainingBusyError,
  TrainingCancelledError,
  TrainingFailedError,
  TrainingSettingsError,
} from './errors.js';
export { isTrainingJobRunning, startTrainingJob, type StartTrainingJobOptions } from './start-training-job.js';
export { validateJobInput } from './validate-input.js';
export { countParameters, weightDeltaBytes } from './model-size.js';
