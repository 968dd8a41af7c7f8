/**
 * The training engine end to end: real TensorFlow.js training of a small MLP
 * in a real worker thread (backend picked at run time).
 */
import { getPriority } from 'node:os';
import type { Tensor } from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  computeEpsilon,
  isTrainingJobRunning,
  SampledGaussianAccountant,
  startTrainingJob,
  TrainingBusyError,
  TrainingCancelledError,
  TrainingSettingsError,
  type TrainingJobHandle,
  type TrainingProgress,
} from '../../../electron/core/training/engine/index.js';
import { mlpJob } from '../../helpers/training-fixtures.js';

const mainPriority = getPriority();
let open: TrainingJobHandle[] = [];
afterEach(async () => {
  for (const j of open) {
    j.cancel();
    await j.result.catch(() => undefined);
  }
  open = [];
});
const track = (j: TrainingJobHandle): TrainingJobHandle => (open.push(j), j);

const mse = (x: Float32Array, y: Float32Array, d: number, w: (row: Float32Array) => number): number => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (w(x.subarray(i * d, (i + 1) * d)) - y[i]!) ** 2;
  return s / y.length;
};

describe('startTrainingJob', () => {
  it('trains in a worker with DP-SGD, reports progress and returns the weight delta and ε spent', async () => {
    const input = await mlpJob({ epochs: 3, batchSize: 100 }, 1000, 8);
    const progress: TrainingProgress[] = [];
    const r = await track(startTrainingJob(input, { onProgress: (p) => progress.push(p) })).result;
    expect(['tensorflow', 'wasm', 'cpu']).toContain(r.backend);
    expect(r.stopReason).toBe('completed');
    expect(r.clipping).toEqual({ method: 'ghost-norm', microbatchSize: null });
    expect(r.numExamples).toBe(1000);
    expect(r.metrics.steps).toBe(30);
    // Poisson batches: about 3 000 samples seen in 30 steps of q = 0.1
    expect(r.metrics.samplesSeen).toBeGreaterThan(2500);
    expect(r.metrics.samplesSeen).toBeLessThan(3500);
    const expected = computeEpsilon({ n: 1000, batchSize: 100, noiseMultiplier: 1.1, epochs: 3, delta: 1e-5 });
    expect(r.epsilonSpent).toBeCloseTo(expected.epsilon, 10);
    expect(r.delta).toBe(1e-5);
    expect(r.weightSpecs).toEqual(input.model.weightSpecs);
    expect(r.weightDelta.byteLength).toBe(input.model.weightData.byteLength);
    const delta = new Float32Array(r.weightDelta);
    expect(delta.some((v) => v !== 0)).toBe(true);
    expect(delta.every(Number.isFinite)).toBe(true);
    // progress: steps increase, ε grows, the last report is the last step
    expect(progress.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.step).toBeGreaterThan(progress[i - 1]!.step);
      expect(progress[i]!.epsilonSpent).toBeGreaterThanOrEqual(progress[i - 1]!.epsilonSpent);
    }
    expect(progress.at(-1)).toMatchObject({ step: 30, steps: 30, epoch: 3, epochs: 3 });
    expect(progress.at(-1)!.epsilonSpent).toBeCloseTo(r.epsilonSpent, 10);
    expect(r.timings.trainMs).toBeGreaterThan(0);
    expect(r.timings.samplesPerSecond).toBeGreaterThan(0);
    expect(isTrainingJobRunning()).toBe(false);
    // the worker lowered only its own thread's priority
    expect(getPriority()).toBe(mainPriority);
  });

  it('learns: the trained model fits a linear target better than the initial one', async () => {
    const input = await mlpJob({ epochs: 8, batchSize: 50, optimizer: { name: 'adam', learningRate: 0.01 }, dp: { l2NormClip: 1, noiseMultiplier: 0.6, delta: 1e-4, maxEpsilon: 100 } }, 1000, 4);
    const r = await track(startTrainingJob(input)).result;
    // apply the delta and evaluate both models in-process on the cpu backend
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const load = async (w: ArrayBuffer) =>
      tf.loadLayersModel(tf.io.fromMemory({ modelTopology: input.model.topology, weightSpecs: input.model.weightSpecs, weightData: w }));
    const initial = new Float32Array(input.model.weightData);
    const trained = initial.map((v, i) => v + new Float32Array(r.weightDelta)[i]!);
    const [m0, m1] = [await load(input.model.weightData), await load(trained.buffer)];
    const loss = (m: Awaited<ReturnType<typeof load>>) =>
      mse(input.data.x, input.data.y, 4, (row) => (m.predict(tf.tensor2d(row, [1, 4])) as Tensor).dataSync()[0]!);
    expect(loss(m1)).toBeLessThan(loss(m0) * 0.5);
  });

  it('stops before the ε budget would be exceeded', async () => {
    const base = { n: 1000, batchSize: 100, noiseMultiplier: 1.1, delta: 1e-5 };
    // a budget that allows about half of the 50 planned steps
    const maxEpsilon = computeEpsilon({ ...base, epochs: 2.5 }).epsilon + 1e-9;
    const input = await mlpJob({ epochs: 5, batchSize: 100, dp: { l2NormClip: 1, noiseMultiplier: 1.1, delta: 1e-5, maxEpsilon } }, 1000, 8);
    const r = await track(startTrainingJob(input)).result;
    expect(r.stopReason).toBe('budget');
    expect(r.metrics.steps).toBe(25);
    expect(r.epsilonSpent).toBeLessThanOrEqual(maxEpsilon);
    expect(computeEpsilon({ ...base, epochs: 2.6 }).epsilon).toBeGreaterThan(maxEpsilon);
  });

  // No timing bound here (a loaded CI machine makes any fixed bound flaky): the job would otherwise train
  // until its 30 s wall time and resolve, so a rejection as cancelled shows cancel ended it.
  it('cancel stops the worker and produces nothing', async () => {
    const input = await mlpJob({ epochs: 10_000, batchSize: 10, dp: { l2NormClip: 1, noiseMultiplier: 5, delta: 1e-5, maxEpsilon: 1e9 } }, 200, 8);
    let resolveFirst!: () => void;
    const first = new Promise<void>((r) => (resolveFirst = r));
    const job = track(startTrainingJob(input, { onProgress: () => resolveFirst() }));
    await first;
    expect(isTrainingJobRunning()).toBe(true);
    job.cancel();
    await expect(job.result).rejects.toBeInstanceOf(TrainingCancelledError);
    expect(isTrainingJobRunning()).toBe(false);
  });

  it('cancel right after start (while TensorFlow.js still loads) also ends the job', async () => {
    const job = track(startTrainingJob(await mlpJob({}, 200, 4)));
    job.cancel();
    await expect(job.result).rejects.toThrow(/cancelled; nothing was produced/);
    expect(isTrainingJobRunning()).toBe(false);
  });

  it('stops at its wall-time limit with the steps done so far', async () => {
    const input = await mlpJob({ epochs: 10_000, batchSize: 10, wallTimeMs: 2500, dp: { l2NormClip: 1, noiseMultiplier: 5, delta: 1e-5, maxEpsilon: 1e9 } }, 200, 8);
    const r = await track(startTrainingJob(input)).result;
    expect(r.stopReason).toBe('wall-time');
    const steps = r.metrics.steps!;
    expect(steps).toBeLessThan(200_000);
    // ε is charged for exactly the steps run (none if start-up alone used the time on a loaded machine)
    const expected = steps === 0 ? 0 : new SampledGaussianAccountant(10 / 200, 5, 1e-5).epsilonAfter(steps).epsilon;
    expect(r.epsilonSpent).toBeCloseTo(expected, 12);
    expect(r.weightDelta.byteLength).toBe(input.model.weightData.byteLength);
  });

  it('runs one job at a time', async () => {
    const input = await mlpJob({ epochs: 10_000, batchSize: 10 }, 200, 4);
    const a = track(startTrainingJob(input));
    expect(() => startTrainingJob(input)).toThrow(TrainingBusyError);
    a.cancel();
    await a.result.catch(() => undefined);
    const b = track(startTrainingJob({ ...input, epochs: 0.1 }));
    await expect(b.result).resolves.toMatchObject({ stopReason: 'completed' });
  });

  it('refuses bad input before starting a worker, naming what is wrong', async () => {
    const ok = await mlpJob({}, 100, 4);
    const cases: [object, RegExp][] = [
      [{ data: { ...ok.data, y: ok.data.y.slice(1) } }, /labels do not match their shape/],
      [{ data: { ...ok.data, x: ok.data.x.map((v, i) => (i === 5 ? Number.NaN : v)) } }, /NaN or infinite/],
      [{ batchSize: 101 }, /batch size \(101\) is larger than the number of examples \(100\)/],
      [{ dp: { ...ok.dp, noiseMultiplier: 0 } }, /cannot be turned off/],
      [{ model: { ...ok.model, weightData: ok.model.weightData.slice(4) } }, /weight data holds/],
      [{ loss: 'hinge' }, /loss hinge is not supported/],
      [{ optimizer: { name: 'rmsprop', learningRate: 0.1 } }, /sgd or adam/],
    ];
    for (const [patch, msg] of cases) {
      expect(() => startTrainingJob({ ...ok, ...patch } as typeof ok)).toThrow(msg);
      expect(isTrainingJobRunning()).toBe(false);
    }
    expect(() => startTrainingJob({ ...ok, batchSize: 0 })).toThrow(TrainingSettingsError);
  });

  it('reports a model the worker cannot load as a settings error', async () => {
    const ok = await mlpJob({}, 100, 4);
    const topology = JSON.parse(JSON.stringify(ok.model.topology).replace('"Dense"', '"NoSuchLayer"')) as object;
    await expect(track(startTrainingJob({ ...ok, model: { ...ok.model, topology } })).result).rejects.toThrow(
      /model topology or its weights could not be loaded/,
    );
  });
});
