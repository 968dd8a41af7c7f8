/**
 * Engine-level checks of a job's input, run on the caller's thread before a
 * worker starts: shapes and sizes agree, numbers are finite and in range.
 * (Which layers, datasets and caps a task may use is decided before this, by
 * the task-spec validation.)
 */
import { TrainingSettingsError } from './errors.js';
import type { TrainingJobInput } from './types.js';

const LOSSES = new Set(['meanSquaredError', 'meanAbsoluteError', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy']);
const BACKENDS = new Set(['auto', 'tensorflow', 'wasm', 'cpu']);

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const isDim = (d: unknown): boolean => Number.isSafeInteger(d) && (d as number) >= 1;
const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;

function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return i;
  return -1;
}

export function validateJobInput(input: TrainingJobInput): void {
  const bad = (what: string): never => {
    throw new TrainingSettingsError(what);
  };
  const { model, data, dp } = input;
  if (typeof model?.topology !== 'object' || model.topology === null) bad('the model has no topology');
  if (!Array.isArray(model.weightSpecs)) bad('the model has no weight list');
  let expected = 0;
  for (const s of model.weightSpecs) {
    if (s.dtype !== 'float32') bad(`the weight ${s.name} is not float32`);
    if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) bad(`the weight ${s.name} has an invalid shape`);
    expected += product(s.shape) * 4;
  }
  if (!(model.weightData instanceof ArrayBuffer) || model.weightData.byteLength !== expected) {
    bad(`the weight data holds ${model.weightData?.byteLength ?? 0} bytes but the weight list needs ${expected}`);
  }
  if (firstNonFinite(new Float32Array(model.weightData)) >= 0) bad('the initial weights contain NaN or infinite values');
  if (input.optimizer?.name !== 'sgd' && input.optimizer?.name !== 'adam') bad('the optimizer must be sgd or adam');
  if (!positive(input.optimizer.learningRate) || input.optimizer.learningRate > 10) bad('the learning rate must be a number above 0 and at most 10');
  if (!LOSSES.has(input.loss)) bad(`the loss ${String(input.loss)} is not supported`);
  if (!Array.isArray(data?.xShape) || !data.xShape.every(isDim)) bad('the feature shape must be a list of positive whole numbers');
  if (!Array.isArray(data.yShape) || !data.yShape.every(isDim)) bad('the label shape must be a list of positive whole numbers');
  if (!(data.x instanceof Float32Array) || data.x.length !== product(data.xShape)) bad('the features do not match their shape');
  if (!(data.y instanceof Float32Array) || data.y.length !== product(data.yShape)) bad('the labels do not match their shape');
  const n = data.xShape[0]!;
  if (data.yShape[0] !== n) bad(`there are ${n} feature rows but ${data.yShape[0]} label rows`);
  if (firstNonFinite(data.x) >= 0 || firstNonFinite(data.y) >= 0) bad('the features or labels contain NaN or infinite values');
  if (!Number.isSafeInteger(input.batchSize) || input.batchSize < 1) bad('the batch size must be a positive whole number');
  if (input.batchSize > n) bad(`the batch size (${input.batchSize}) is larger than the number of examples (${n})`);
  if (!positive(input.epochs)) bad('the number of epochs must be above 0');
  if (!positive(dp?.l2NormClip)) bad('the clipping norm must be above 0');
  if (!positive(dp.noiseMultiplier)) bad('the noise multiplier must be above 0 (differential privacy cannot be turned off)');
  if (!(dp.delta > 0 && dp.delta < 1)) bad('δ must be between 0 and 1');
  if (!positive(dp.maxEpsilon)) bad('the privacy budget ε must be above 0');
  if (!positive(input.wallTimeMs)) bad('the wall-time limit must be above 0');
  if (input.seed !== undefined && !Number.isSafeInteger(input.seed)) bad('the seed must be a whole number');
  if (input.backend !== undefined && !BACKENDS.has(input.backend)) bad(`the backend ${String(input.backend)} is not one of auto, tensorflow, wasm, cpu`);
  if (input.microbatchSize !== undefined && (!Number.isSafeInteger(input.microbatchSize) || input.microbatchSize < 1)) {
    bad('the microbatch size must be a positive whole number');
  }
  if (input.priority !== undefined && input.priority !== 'background' && input.priority !== 'normal') {
    bad('the priority must be background or normal');
  }
  if (input.maxMemoryMb !== undefined && (!Number.isSafeInteger(input.maxMemoryMb) || input.maxMemoryMb < 64)) {
    bad('the memory limit must be a whole number of MB, at least 64');
  }
}
