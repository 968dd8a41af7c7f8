/**
 * A training task: what a requester asks a wallet to train, as plain data.
 * No requester code ever runs: the model is a TensorFlow.js Layers topology
 * whose layer classes are on an allow-list, the features are a declarative
 * recipe over the leased datasets, and optimizer and loss come from
 * allow-lists too.
 *
 *   {
 *     "format": "data-wallet-task/1",
 *     "name": "next-day activity",
 *     "model": { "topology": { "class_name": "Sequential", "config": { "layers": [ … ] } },
 *                "weights": [ { "name": "dense/kernel", "shape": [14, 16], "data": "<base64 float32 LE>" }, … ] },
 *     "training": { "optimizer": { "kind": "adam", "learningRate": 0.01 }, "loss": "binaryCrossentropy",
 *                   "batchSize": 32, "epochs": 3, "clipNorm": 1 },
 *     "features": { "bucket": "day", "window": 7, "layout": "flat",
 *                   "inputs": [ { "dataset": "steps", "stat": "sum", "scale": { "subtract": 8000, "divide": 4000 } } ],
 *                   "label": { "dataset": "steps", "stat": "sum", "ahead": 1, "threshold": 8000 } },
 *     "result": { "endpoint": "https://lab.example.org/results" }
 *   }
 *
 * This file is the structural schema only (universal code: no Node, no
 * tfjs). The core checks the rest before training: weights against the
 * topology (shapes, finite values), the wallet's caps, and the feature
 * recipe against the lease.
 */
import { z } from 'zod';

export const TASK_FORMAT = 'data-wallet-task/1';

/** Layer classes a task may use. Never Lambda, never a custom or nested model. */
export const ALLOWED_LAYERS = [
  'Dense',
  'Dropout',
  'BatchNormalization',
  'LayerNormalization',
  'Flatten',
  'Reshape',
  'Embedding',
  'Conv1D',
  'MaxPooling1D',
  'AveragePooling1D',
  'GlobalAveragePooling1D',
  'GlobalMaxPooling1D',
  'LSTM',
  'GRU',
  'SimpleRNN',
  'Activation',
  'InputLayer',
] as const;
export type AllowedLayer = (typeof ALLOWED_LAYERS)[number];

/**
 * Classes that may appear nested inside a layer's config (initializers,
 * regularizers, constraints). Anything else with a `class_name` is refused.
 */
export const ALLOWED_NESTED_CLASSES = [
  'Zeros',
  'Ones',
  'Constant',
  'RandomUniform',
  'RandomNormal',
  'TruncatedNormal',
  'VarianceScaling',
  'GlorotUniform',
  'GlorotNormal',
  'HeUniform',
  'HeNormal',
  'LeCunUniform',
  'LeCunNormal',
  'Orthogonal',
  'Identity',
  'L1L2',
  'MaxNorm',
  'UnitNorm',
  'NonNeg',
  'MinMaxNorm',
] as const;

/** String activations a layer config may name. */
export const ALLOWED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hard_sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu'] as const;

export const ALLOWED_LOSSES = [
  'meanSquaredError',
  'meanAbsoluteError',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
] as const;
export type AllowedLoss = (typeof ALLOWED_LOSSES)[number];

export const DATASET_STATS = ['sum', 'mean', 'count', 'min', 'max'] as const;
export type DatasetStat = (typeof DATASET_STATS)[number];

/** Hard limits of the format itself (the wallet's configurable caps come on top). */
export const TASK_LIMITS = {
  /** Bytes of the task document. */
  maxBytes: 64 * 1024 * 1024,
  maxLayers: 64,
  maxWeightTensors: 256,
  maxRank: 6,
  maxDim: 1 << 24,
  maxInputs: 16,
  maxWindow: 366,
  maxEpochs: 1000,
  maxBatchSize: 65_536,
  /** Nesting depth of a layer config. */
  maxConfigDepth: 8,
} as const;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positiveFinite = finite.refine((v) => v > 0, 'must be greater than 0');
const name = z.string().min(1).max(200);

/** A layer config: JSON only, bounded depth; nested class names are checked by the refinement below. */
const JsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string().max(1000), finite, z.boolean(), z.null(), z.array(JsonValue).max(64), z.record(z.string().max(100), JsonValue)]),
);

function configDepth(v: unknown, depth = 0): number {
  if (depth > TASK_LIMITS.maxConfigDepth) return depth;
  if (Array.isArray(v)) return Math.max(depth, ...v.map((x) => configDepth(x, depth + 1)));
  if (v !== null && typeof v === 'object') return Math.max(depth, ...Object.values(v).map((x) => configDepth(x, depth + 1)));
  return depth;
}

/** The first disallowed class or activation named anywhere inside a layer config, or null. */
export function findDisallowedInConfig(config: unknown, path = 'config'): { path: string; value: string } | null {
  if (Array.isArray(config)) {
    for (let i = 0; i < config.length; i++) {
      const found = findDisallowedInConfig(config[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (config === null || typeof config !== 'object') return null;
  for (const [key, value] of Object.entries(config)) {
    const at = `${path}.${key}`;
    if (key === 'class_name' && !(ALLOWED_NESTED_CLASSES as readonly unknown[]).includes(value)) {
      return { path: at, value: typeof value === 'string' ? value : typeof value };
    }
    if ((key === 'activation' || key === 'recurrent_activation') && value !== null && !(ALLOWED_ACTIVATIONS as readonly unknown[]).includes(value)) {
      return { path: at, value: typeof value === 'string' ? value : typeof value };
    }
    const found = findDisallowedInConfig(value, at);
    if (found) return found;
  }
  return null;
}

export const LayerSpec = z.strictObject({
  class_name: z.string().max(100),
  config: z.record(z.string().max(100), JsonValue).refine((c) => configDepth(c) <= TASK_LIMITS.maxConfigDepth, `nests deeper than ${TASK_LIMITS.maxConfigDepth} levels`),
});
export type LayerSpec = z.infer<typeof LayerSpec>;

export const Topology = z.strictObject({
  class_name: z.literal('Sequential'),
  config: z.strictObject({
    name: name.optional(),
    layers: z.array(LayerSpec).min(1).max(TASK_LIMITS.maxLayers),
  }),
  keras_version: z.string().max(100).optional(),
  backend: z.string().max(100).optional(),
});
export type Topology = z.infer<typeof Topology>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const WeightSpec = z.strictObject({
  name: name,
  shape: z.array(z.number().int().min(1).max(TASK_LIMITS.maxDim)).max(TASK_LIMITS.maxRank),
  dtype: z.literal('float32').default('float32'),
  /** Little-endian float32 values, standard base64 with padding. */
  data: z.string().regex(BASE64, 'must be standard base64 (A–Z a–z 0–9 + /, padded with =)'),
});
export type WeightSpec = z.infer<typeof WeightSpec>;

export const OptimizerSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sgd'), learningRate: positiveFinite.refine((v) => v <= 10, 'must be at most 10') }),
  z.strictObject({
    kind: z.literal('adam'),
    learningRate: positiveFinite.refine((v) => v <= 10, 'must be at most 10'),
    beta1: finite.refine((v) => v >= 0 && v < 1, 'must be in [0, 1)').optional(),
    beta2: finite.refine((v) => v >= 0 && v < 1, 'must be in [0, 1)').optional(),
    epsilon: positiveFinite.optional(),
  }),
]);
export type OptimizerSpec = z.infer<typeof OptimizerSpec>;

export const TrainingSpec = z.strictObject({
  optimizer: OptimizerSpec,
  loss: z.enum(ALLOWED_LOSSES),
  batchSize: z.number().int().min(1).max(TASK_LIMITS.maxBatchSize),
  epochs: z.number().int().min(1).max(TASK_LIMITS.maxEpochs),
  /** Per-example gradient clipping norm C for DP-SGD (the wallet always clips). */
  clipNorm: positiveFinite.refine((v) => v <= 1000, 'must be at most 1000').default(1),
  /**
   * ε this run should spend (e.g. the lease's budget divided by the planned
   * rounds). The wallet spends at most this and at most what the lease has
   * left; without it, a run may use all that is left.
   */
  targetEpsilon: positiveFinite.refine((v) => v <= 1000, 'must be at most 1000').optional(),
});
export type TrainingSpec = z.infer<typeof TrainingSpec>;

/** v → (v − subtract) / divide. */
export const ScaleSpec = z.strictObject({ subtract: finite, divide: positiveFinite });
export type ScaleSpec = z.infer<typeof ScaleSpec>;

export const FeatureInput = z.strictObject({
  /** A dataset kind the lease grants. */
  dataset: z.string().min(1).max(200),
  stat: z.enum(DATASET_STATS),
  scale: ScaleSpec.optional(),
});
export type FeatureInput = z.infer<typeof FeatureInput>;

export const FeatureLabel = z.strictObject({
  dataset: z.string().min(1).max(200),
  stat: z.enum(DATASET_STATS),
  /** Buckets after the window's last one (1 = the next day for daily buckets). */
  ahead: z.number().int().min(0).max(TASK_LIMITS.maxWindow),
  /** Binary label: 1 when the value is above this, else 0. */
  threshold: finite.optional(),
  scale: ScaleSpec.optional(),
});
export type FeatureLabel = z.infer<typeof FeatureLabel>;

export const FeatureSpec = z.strictObject({
  bucket: z.enum(['hour', 'day']),
  /** Buckets per example (sliding window, one example per bucket). */
  window: z.number().int().min(1).max(TASK_LIMITS.maxWindow),
  /** `flat`: x is [window × inputs]; `sequence`: x is [window, inputs] (for Conv1D / recurrent layers). */
  layout: z.enum(['flat', 'sequence']).default('flat'),
  inputs: z.array(FeatureInput).min(1).max(TASK_LIMITS.maxInputs),
  label: FeatureLabel,
  /** Narrower record time range than the lease's (unix seconds, inclusive); default the lease's. */
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
  /** Fixed UTC offset for day buckets. */
  utcOffsetMinutes: z.number().int().min(-1080).max(1080).default(0),
});
export type FeatureSpec = z.infer<typeof FeatureSpec>;

export const ResultSpec = z.strictObject({
  /** Where the signed result is POSTed (https; http only to loopback when the wallet allows it for tests). */
  endpoint: z.string().min(1).max(2048).refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'must be an https:// URL without credentials'),
});
export type ResultSpec = z.infer<typeof ResultSpec>;

export const TaskSpec = z
  .strictObject({
    format: z.literal(TASK_FORMAT),
    name: name,
    description: z.string().max(2000).optional(),
    model: z.strictObject({
      topology: Topology,
      weights: z.array(WeightSpec).max(TASK_LIMITS.maxWeightTensors),
    }),
    training: TrainingSpec,
    features: FeatureSpec,
    result: ResultSpec,
  })
  .superRefine((task, ctx) => {
    const { from, to } = task.features;
    if (from !== undefined && to !== undefined && from > to) {
      ctx.addIssue({ code: 'custom', path: ['features', 'from'], message: 'must not be after features.to' });
    }
  });
export type TaskSpec = z.infer<typeof TaskSpec>;
export type TaskSpecInput = z.input<typeof TaskSpec>;
