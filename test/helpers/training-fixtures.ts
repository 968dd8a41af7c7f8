/** Small real models and data for training-engine tests and the benchmark. */
import * as tf from '@tensorflow/tfjs';
import type { ModelPayload, TrainingJobInput } from '../../electron/core/training/engine/index.js';

/** A Layers model as a job payload (topology + float32 weights), the way a task carries it. */
export async function modelPayload(model: tf.LayersModel): Promise<ModelPayload> {
  let art: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      art = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = art as unknown as tf.io.ModelArtifacts;
  const data = Array.isArray(a.weightData) ? tf.io.concatenateArrayBuffers(a.weightData) : a.weightData!;
  return {
    topology: a.modelTopology as object,
    weightSpecs: a.weightSpecs!.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' as const })),
    weightData: data.slice(0),
  };
}

/** The benchmark's MLP: 32 → 64 → 64 → 1. */
export function mlp(inputs = 32, hidden = 64, seed = 1): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, inputShape: [inputs], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
    ],
  });
}

/** y = x·w + small noise, deterministic. */
export function linearData(n: number, d: number, seed = 1): { x: Float32Array; xShape: number[]; y: Float32Array; yShape: number[] } {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const w = Array.from({ length: d }, () => rand() * 2);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < d; j++) {
      const v = rand() * 2;
      x[i * d + j] = v;
      t += v * w[j]!;
    }
    y[i] = t + rand() * 0.05;
  }
  return { x, xShape: [n, d], y, yShape: [n, 1] };
}

export async function mlpJob(overrides: Partial<TrainingJobInput> = {}, n = 2000, d = 32): Promise<TrainingJobInput> {
  return {
    model: await modelPayload(mlp(d)),
    optimizer: { name: 'sgd', learningRate: 0.05 },
    loss: 'meanSquaredError',
    batchSize: 64,
    epochs: 2,
    data: linearData(n, d),
    dp: { l2NormClip: 1, noiseMultiplier: 1.1, delta: 1e-5, maxEpsilon: 10 },
    wallTimeMs: 30_000,
    seed: 7,
    ...overrides,
  };
}
