/**
 * The training engine's public types: what a job takes, what it reports while
 * it runs and what it returns. Plain data only (structured-cloneable), so the
 * same objects cross the worker boundary unchanged.
 */

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

export type OptimizerName = 'sgd' | 'adam';
export type LossName =
  | 'meanSquaredError'
  | 'meanAbsoluteError'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** A TensorFlow.js Layers model in memory: `model.json`'s topology plus the weights. */
export interface ModelPayload {
  /** `modelTopology` of a tfjs Layers model (what `model.toJSON(null, false)` returns). */
  topology: object;
  weightSpecs: WeightSpec[];
  /** float32 values of every weight in `weightSpecs` order, concatenated. */
  weightData: ArrayBuffer;
}

export interface DpSgdSettings {
  /** Per-example gradient l2 clipping norm C (> 0). */
  l2NormClip: number;
  /** σ: the Gaussian noise added to the summed clipped gradients has standard deviation σ·C. */
  noiseMultiplier: number;
  /** δ of (ε, δ)-DP; should be below 1/N. */
  delta: number;
  /** The job stops before a step would take ε above this. */
  maxEpsilon: number;
}

export interface TrainingJobInput {
  model: ModelPayload;
  optimizer: { name: OptimizerName; learningRate: number };
  loss: LossName;
  /**
   * Expected batch size B. Batches are drawn by Poisson sampling: every step
   * includes each example independently with probability q = B/N (what the
   * RDP accountant assumes), so actual batch sizes vary around B.
   */
  batchSize: number;
  /** Epochs E; the job runs ceil(E·N/B) steps (the accountant's step count). */
  epochs: number;
  /** Row-major features and labels; xShape[0] = yShape[0] = N. */
  data: { x: Float32Array; xShape: number[]; y: Float32Array; yShape: number[] };
  dp: DpSgdSettings;
  /** The job stops (stopReason 'wall-time') after this long; the worker is killed if it does not. */
  wallTimeMs: number;
  /** Fixes sampling, dropout and noise: for tests only (noise from a known seed is not private). */
  seed?: number;
  backend?: BackendChoice;
  /**
   * Examples per microbatch for models the ghost-norm clipping does not
   * cover (default 1: true per-example clipping, slowest). Each microbatch is
   * clipped as a whole; privacy is the same, utility lower for larger ones.
   */
  microbatchSize?: number;
  /**
   * 'background' (default) lowers the worker thread's scheduling priority so
   * the app stays responsive; 'normal' trains at the app's priority.
   */
  priority?: 'background' | 'normal';
  /** Heap limit of the worker in MB (its V8 old generation); the job fails cleanly when it runs out. */
  maxMemoryMb?: number;
}

export interface TrainingProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  /** Mean training loss over the steps since the last report. */
  loss: number;
  samplesPerSecond: number;
  epsilonSpent: number;
}

/** How per-example clipping was done: 'ghost-norm' (batched, Dense-only models) or per microbatch. */
export type ClippingMethod = 'ghost-norm' | 'microbatch';

export interface TrainingJobResult {
  weightSpecs: WeightSpec[];
  /** float32, trained − initial, in `weightSpecs` order. */
  weightDelta: ArrayBuffer;
  /** N: the examples the job could sample from. */
  numExamples: number;
  /** `loss` (mean over the last epoch) and `steps`, `samplesSeen`. */
  metrics: Record<string, number>;
  epsilonSpent: number;
  delta: number;
  /** The RDP order the ε bound came from. */
  rdpOrder: number;
  backend: BackendName;
  clipping: { method: ClippingMethod; microbatchSize: number | null };
  timings: {
    backendInitMs: number;
    /** The training loop's wall time. */
    trainMs: number;
    /** From startTrainingJob to the result, worker start-up included. */
    totalMs: number;
    samplesPerSecond: number;
    /** CPU time of the whole process (all threads) during the loop: for benchmarks. */
    processCpuMs: number;
  };
  stopReason: 'completed' | 'budget' | 'wall-time';
}

export interface TrainingJobCallbacks {
  onProgress?: (p: TrainingProgress) => void;
}

export interface TrainingJobHandle {
  /** Resolves with the result; rejects with TrainingCancelledError after cancel(), or another TrainingEngineError. */
  result: Promise<TrainingJobResult>;
  /** Stops the job within 1 s (the worker is terminated if it does not stop by itself). */
  cancel(): void;
}
