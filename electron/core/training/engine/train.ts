/**
 * The DP-SGD training loop of one job (runs in the worker; tests and the
 * benchmark also run it in-process). The backend must already be selected.
 *
 * Steps: ceil(epochs·N/B), each on a Poisson sample with q = B/N, each
 * charged to the accountant; the loop runs only the steps whose cumulative ε
 * stays within dp.maxEpsilon, and stops early at the wall-time limit or when
 * asked to.
 */
import * as tf from '@tensorflow/tfjs';
import { DpSgd } from './dp-sgd.js';
import { TrainingCancelledError, TrainingFailedError, TrainingSettingsError } from './errors.js';
import { dpSgdSteps, SampledGaussianAccountant } from './rdp-accountant.js';
import { gatherRows, poissonSample, Prng } from './sampling.js';
import type { TrainingJobInput, TrainingJobResult, TrainingProgress } from './types.js';

export interface TrainingHooks {
  /** Checked before every step; true stops the job with TrainingCancelledError. */
  shouldStop?: () => boolean;
  onProgress?: (p: TrainingProgress) => void;
  /** Epoch-ms the job started (wall time counts from here); default: now. */
  startedAt?: number;
  /** Minimum ms between progress reports (epoch ends are always reported); default 250. */
  progressIntervalMs?: number;
  /** Microbatch clipping even where the ghost norm applies (benchmarks). */
  forceMicrobatch?: boolean;
}

export type TrainingOutcome = Omit<TrainingJobResult, 'backend' | 'timings'> & { trainMs: number };

async function loadModel(input: TrainingJobInput): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: input.model.topology, weightSpecs: input.model.weightSpecs, weightData: input.model.weightData }),
    );
  } catch (e) {
    throw new TrainingSettingsError('the model topology or its weights could not be loaded', { cause: e, details: e instanceof Error ? e.message : undefined });
  }
}

async function weightsByName(model: tf.LayersModel): Promise<Map<string, Float32Array>> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const art = captured as tf.io.ModelArtifacts | null;
  if (!art?.weightSpecs || !art.weightData) throw new TrainingFailedError('the trained weights could not be read back');
  const buf = Array.isArray(art.weightData) ? tf.io.concatenateArrayBuffers(art.weightData) : art.weightData;
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const s of art.weightSpecs) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    out.set(s.name, new Float32Array(buf, offset, size));
    offset += size * 4;
  }
  return out;
}

export async function runTraining(input: TrainingJobInput, hooks: TrainingHooks = {}): Promise<TrainingOutcome> {
  const startedAt = hooks.startedAt ?? Date.now();
  const deadline = startedAt + input.wallTimeMs;
  const { x, xShape, y, yShape } = input.data;
  const n = xShape[0]!;
  const B = input.batchSize;
  const q = B / n;
  const { l2NormClip, noiseMultiplier, delta, maxEpsilon } = input.dp;

  const model = await loadModel(input);
  const optimizer = input.optimizer.name === 'adam' ? tf.train.adam(input.optimizer.learningRate) : tf.train.sgd(input.optimizer.learningRate);
  const seeded = input.seed !== undefined;
  const sampleRng = seeded ? new Prng(input.seed!) : Prng.secure();
  const noiseRng = seeded ? new Prng(input.seed! + 0x5bd1e995) : Prng.secure();
  const dp = new DpSgd(model, {
    loss: input.loss,
    l2NormClip,
    noiseMultiplier,
    expectedBatchSize: B,
    microbatchSize: input.microbatchSize,
    rng: noiseRng,
    forceMicrobatch: hooks.forceMicrobatch,
  });

  const accountant = new SampledGaussianAccountant(q, noiseMultiplier, delta);
  const plannedSteps = dpSgdSteps(n, B, input.epochs);
  const allowedSteps = accountant.maxStepsWithin(maxEpsilon, plannedSteps);
  const stepsPerEpoch = n / B;
  const epochs = Math.ceil(input.epochs);
  const xRow = x.length / n;
  const yRow = y.length / n;
  const xBuf = new Float32Array(Math.ceil(B * 1.5 + 64) * xRow);
  const yBuf = new Float32Array(Math.ceil(B * 1.5 + 64) * yRow);
  const interval = hooks.progressIntervalMs ?? 250;

  const t0 = performance.now();
  let step = 0;
  let seen = 0;
  let windowLoss = 0;
  let windowCount = 0;
  let windowStart = t0;
  let windowSeen = 0;
  let epochLoss = 0;
  let epochCount = 0;
  let lastEpochLoss = Number.NaN;
  let lastReport = t0;
  let lastReportStep = 0;
  let stopReason: TrainingJobResult['stopReason'] = allowedSteps < plannedSteps ? 'budget' : 'completed';

  const report = (now: number): void => {
    const epoch = Math.min(epochs, Math.ceil(step / stepsPerEpoch));
    hooks.onProgress?.({
      epoch,
      epochs,
      step,
      steps: plannedSteps,
      loss: windowCount > 0 ? windowLoss / windowCount : Number.NaN,
      samplesPerSecond: now > windowStart ? (windowSeen * 1000) / (now - windowStart) : 0,
      epsilonSpent: accountant.epsilonAfter(step).epsilon,
    });
    windowLoss = 0;
    windowCount = 0;
    windowSeen = 0;
    windowStart = now;
    lastReport = now;
    lastReportStep = step;
  };

  try {
    while (step < allowedSteps) {
      if (hooks.shouldStop?.()) throw new TrainingCancelledError();
      if (Date.now() >= deadline) {
        stopReason = 'wall-time';
        break;
      }
      const idx = poissonSample(sampleRng, n, q);
      let lossSum = 0;
      if (idx.length > 0) {
        const xb = tf.tensor(gatherRows(x, xRow, idx, xBuf), [idx.length, ...xShape.slice(1)]);
        const yb = tf.tensor(gatherRows(y, yRow, idx, yBuf), [idx.length, ...yShape.slice(1)]);
        try {
          lossSum = dp.step(optimizer, xb, yb);
        } finally {
          xb.dispose();
          yb.dispose();
        }
      } else {
        dp.step(optimizer, null, null);
      }
      if (!Number.isFinite(lossSum)) throw new TrainingFailedError('the loss became NaN or infinite (try a smaller learning rate)');
      step++;
      seen += idx.length;
      windowLoss += lossSum;
      windowCount += idx.length;
      windowSeen += idx.length;
      epochLoss += lossSum;
      epochCount += idx.length;
      const epochEnded = Math.floor(step / stepsPerEpoch) > Math.floor((step - 1) / stepsPerEpoch);
      if (epochEnded) {
        lastEpochLoss = epochCount > 0 ? epochLoss / epochCount : Number.NaN;
        epochLoss = 0;
        epochCount = 0;
      }
      const now = performance.now();
      if (epochEnded || now - lastReport >= interval) report(now);
    }
    if (step > lastReportStep) report(performance.now());
    const trainMs = performance.now() - t0;

    const initial = new Float32Array(input.model.weightData);
    const trained = await weightsByName(model);
    const deltaBuf = new Float32Array(initial.length);
    let offset = 0;
    for (const s of input.model.weightSpecs) {
      const size = s.shape.reduce((a, b) => a * b, 1);
      const w = trained.get(s.name);
      if (!w || w.length !== size) throw new TrainingFailedError(`the trained model has no weight matching ${s.name}`);
      for (let i = 0; i < size; i++) deltaBuf[offset + i] = w[i]! - initial[offset + i]!;
      offset += size;
    }
    const spent = accountant.epsilonAfter(step);
    return {
      weightSpecs: input.model.weightSpecs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: 'float32' as const })),
      weightDelta: deltaBuf.buffer,
      numExamples: n,
      metrics: {
        loss: Number.isNaN(lastEpochLoss) ? (epochCount > 0 ? epochLoss / epochCount : Number.NaN) : lastEpochLoss,
        steps: step,
        samplesSeen: seen,
      },
      epsilonSpent: spent.epsilon,
      delta,
      rdpOrder: spent.order,
      clipping: { method: dp.method, microbatchSize: dp.microbatchSize },
      stopReason,
      trainMs,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
