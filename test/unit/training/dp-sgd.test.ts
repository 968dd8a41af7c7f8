/**
 * DP-SGD clipping and noise with real TensorFlow.js (cpu backend in the test
 * process). The per-example reference differentiates each example alone.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DpSgd } from '../../../electron/core/training/engine/dp-sgd.js';
import { perExampleLoss } from '../../../electron/core/training/engine/losses.js';
import { Prng } from '../../../electron/core/training/engine/sampling.js';
import type { LossName } from '../../../electron/core/training/engine/types.js';

function mlp(seed: number, outUnits = 1, outActivation: 'linear' | 'sigmoid' | 'softmax' = 'linear'): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, inputShape: [4], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 5, activation: 'tanh', useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
      tf.layers.dense({ units: outUnits, activation: outActivation, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
    ],
  });
}

/** Every example's own gradient, its norm, and the sum of the clipped ones: the slow, obvious way. */
function reference(model: tf.LayersModel, loss: LossName, x: tf.Tensor, y: tf.Tensor, C: number) {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const sums = new Map(vars.map((v) => [v.name, tf.zeros(v.shape)]));
  const norms: number[] = [];
  for (let i = 0; i < x.shape[0]!; i++) {
    tf.tidy(() => {
      const xi = x.slice(i, 1);
      const yi = y.slice(i, 1);
      const { grads } = tf.variableGrads(() => tf.sum(perExampleLoss(loss, yi, model.apply(xi) as tf.Tensor)), vars);
      const norm = Math.sqrt(vars.reduce((s, v) => s + tf.sum(tf.square(grads[v.name]!)).dataSync()[0]!, 0));
      norms.push(norm);
      const f = Math.min(1, C / norm);
      for (const v of vars) {
        const prev = sums.get(v.name)!;
        sums.set(v.name, tf.keep(tf.add(prev, tf.mul(grads[v.name]!, f))));
        prev.dispose();
      }
    });
  }
  return { sums, norms };
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('DP-SGD clipping', () => {
  it.each<[LossName, number, 'linear' | 'sigmoid' | 'softmax']>([
    ['meanSquaredError', 1, 'linear'],
    ['binaryCrossentropy', 1, 'sigmoid'],
    ['sparseCategoricalCrossentropy', 3, 'softmax'],
  ])('ghost norms equal per-example gradient norms and the clipped sum matches (%s)', (loss, outUnits, act) => {
    const model = mlp(7, outUnits, act);
    const x = tf.randomNormal([9, 4], 0, 2, 'float32', 11);
    const y =
      loss === 'sparseCategoricalCrossentropy'
        ? tf.tensor2d([0, 1, 2, 0, 1, 2, 0, 1, 2], [9, 1])
        : loss === 'binaryCrossentropy'
          ? tf.tensor2d([0, 1, 1, 0, 1, 0, 0, 1, 1], [9, 1])
          : tf.randomNormal([9, 1], 0, 3, 'float32', 12);
    const ref0 = reference(model, loss, x, y, Infinity);
    // a clip norm below most examples' norms, so clipping really happens
    const sorted = [...ref0.norms].sort((a, b) => a - b);
    const C = sorted[2]!;
    const dp = new DpSgd(model, { loss, l2NormClip: C, noiseMultiplier: 0, expectedBatchSize: 9 });
    expect(dp.method).toBe('ghost-norm');
    const got = dp.clippedGradients(x, y);
    const ref = reference(model, loss, x, y, C);
    got.norms.forEach((n, i) => expect(Math.abs(n - ref.norms[i]!) / ref.norms[i]!).toBeLessThan(1e-4));
    expect(ref.norms.filter((n) => n > C).length).toBeGreaterThanOrEqual(5);
    for (const [name, t] of ref.sums) expect(maxAbsDiff(got.sums.get(name)!, t)).toBeLessThan(1e-5);
    // each example contributes at most C: the clipped sum's norm is ≤ n·C, and one example alone is ≤ C
    for (let i = 0; i < 9; i++) {
      const one = dp.clippedGradients(x.slice(i, 1), y.slice(i, 1));
      const norm = Math.sqrt([...one.sums.values()].reduce((s, t) => s + tf.sum(tf.square(t)).dataSync()[0]!, 0));
      expect(norm).toBeLessThanOrEqual(C * (1 + 1e-5));
      expect(norm).toBeCloseTo(Math.min(ref0.norms[i]!, C), 4);
    }
  });

  it('falls back to microbatches for layers the ghost norm does not cover, still bounded by C', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.lstm({ units: 4, inputShape: [3, 2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    const x = tf.randomNormal([5, 3, 2], 0, 2, 'float32', 4);
    const y = tf.randomNormal([5, 1], 0, 5, 'float32', 5);
    const ref = reference(model, 'meanSquaredError', x, y, 0.05);
    const dp = new DpSgd(model, { loss: 'meanSquaredError', l2NormClip: 0.05, noiseMultiplier: 0, expectedBatchSize: 5, rng: new Prng(1) });
    expect(dp.method).toBe('microbatch');
    expect(dp.microbatchSize).toBe(1);
    const got = dp.clippedGradients(x, y);
    got.norms.forEach((n, i) => expect(Math.abs(n - ref.norms[i]!) / ref.norms[i]!).toBeLessThan(1e-4));
    expect(ref.norms.every((n) => n > 0.05)).toBe(true);
    for (const [name, t] of ref.sums) expect(maxAbsDiff(got.sums.get(name)!, t)).toBeLessThan(1e-5);
  });

  it('the microbatch path agrees with the ghost path on a Dense model', () => {
    const model = mlp(3);
    const x = tf.randomNormal([6, 4], 0, 1, 'float32', 1);
    const y = tf.randomNormal([6, 1], 0, 1, 'float32', 2);
    const opts = { loss: 'meanSquaredError' as const, l2NormClip: 0.3, noiseMultiplier: 0, expectedBatchSize: 6, rng: new Prng(3) };
    const a = new DpSgd(model, opts).clippedGradients(x, y);
    const b = new DpSgd(model, { ...opts, forceMicrobatch: true }).clippedGradients(x, y);
    for (const [name, t] of a.sums) expect(maxAbsDiff(b.sums.get(name)!, t)).toBeLessThan(1e-5);
  });

  it('refuses BatchNormalization, whose batch statistics mix examples', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] }), tf.layers.batchNormalization()] });
    expect(() => new DpSgd(model, { loss: 'meanSquaredError', l2NormClip: 1, noiseMultiplier: 1, expectedBatchSize: 4 })).toThrow(
      /BatchNormalization mixes examples/,
    );
  });
});

describe('DP-SGD noise', () => {
  it('adds N(0, σ²C²)/B to every coordinate (fixed seed, moments within sampling error)', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 64, inputShape: [64] })] });
    const sigma = 1.3;
    const C = 0.7;
    const B = 5;
    const dp = new DpSgd(model, { loss: 'meanSquaredError', l2NormClip: C, noiseMultiplier: sigma, expectedBatchSize: B, rng: new Prng(42) });
    const before = model.getWeights().map((w) => w.clone());
    const lr = 0.5;
    // an empty Poisson batch: the update is pure noise
    dp.step(tf.train.sgd(lr), null, null);
    const deltas = model.getWeights().flatMap((w, i) => [...tf.sub(before[i]!, w).dataSync()]);
    expect(deltas).toHaveLength(64 * 64 + 64);
    const n = deltas.length;
    const mean = deltas.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(deltas.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    const expectedSd = (lr * sigma * C) / B;
    // standard errors: mean ±4·sd/√n, sd ±4·sd/√(2n)
    expect(Math.abs(mean)).toBeLessThan((4 * expectedSd) / Math.sqrt(n));
    expect(Math.abs(sd - expectedSd)).toBeLessThan((4 * expectedSd) / Math.sqrt(2 * n));
    // a second step draws fresh noise
    const w1 = model.getWeights()[0]!.clone();
    dp.step(tf.train.sgd(lr), null, null);
    expect(maxAbsDiff(w1, model.getWeights()[0]!)).toBeGreaterThan(0);
  });
});

describe('DP-SGD step', () => {
  it('leaves no tensors behind from step to step (ghost and microbatch paths)', () => {
    for (const forceMicrobatch of [false, true]) {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }), tf.layers.dropout({ rate: 0.2 }), tf.layers.dense({ units: 1 })] });
      const dp = new DpSgd(model, { loss: 'meanSquaredError', l2NormClip: 1, noiseMultiplier: 1, expectedBatchSize: 4, rng: new Prng(5), forceMicrobatch });
      const opt = tf.train.sgd(0.1);
      const x = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
      const y = tf.randomNormal([4, 1], 0, 1, 'float32', 2);
      dp.step(opt, x, y);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) dp.step(opt, x, y);
      dp.step(opt, null, null);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, y]);
      model.dispose();
    }
  });
});
