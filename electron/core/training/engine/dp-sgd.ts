/**
 * One DP-SGD step without a loop over examples where the model allows it.
 *
 * Ghost-norm clipping (Dense-only chains): for a Dense layer z = a·W + b the
 * per-example gradients are ∂W_i = a_iᵀ g_i and ∂b_i = g_i, with a_i the
 * layer's input row and g_i = ∂loss_i/∂z_i. So
 *   ‖∂W_i‖² + ‖∂b_i‖² = ‖g_i‖² (‖a_i‖² + 1),
 * summed over layers, is example i's full squared gradient norm — read off
 * the batch's activations and pre-activation gradients without ever forming
 * a per-example gradient. With c_i = min(1, C/‖∇_i‖), the clipped sum is one
 * batched product per layer: Σ_i c_i ∂W_i = aᵀ (c ⊙ g), Σ_i c_i ∂b_i = Σ_i c_i g_i.
 * The gradients g of every layer come from one backward pass: a zero tensor
 * is added to each pre-activation and the loss SUM is differentiated with
 * respect to those zeros.
 *
 * Microbatch clipping (everything else — LSTM, GRU, Conv1D, Embedding,
 * LayerNormalization, Dense on sequences …): examples are assigned to
 * microbatches at random and independently, each microbatch's gradient is
 * computed and clipped as a whole (size 1 = exact per-example clipping).
 * Since removing one example changes only its own microbatch, the
 * sensitivity of the sum stays C. Cost: one forward/backward per microbatch.
 *
 * Both add N(0, σ²C²) to each coordinate of the clipped sum and divide by the
 * EXPECTED batch size B (never the sampled one, which would depend on the data).
 */
import * as tf from '@tensorflow/tfjs';
import { TrainingSettingsError } from './errors.js';
import { perExampleLoss } from './losses.js';
import { Prng } from './sampling.js';
import type { ClippingMethod, LossName } from './types.js';

interface DenseStage {
  kind: 'dense';
  kernel: tf.Variable;
  bias: tf.Variable | null;
  units: number;
  activation: (x: tf.Tensor) => tf.Tensor;
}
interface PassStage {
  kind: 'pass';
  layer: tf.layers.Layer;
}
type Stage = DenseStage | PassStage;

/** Layers with batch-wide statistics: per-example clipping cannot bound one example's influence. */
const CROSS_EXAMPLE_LAYERS = new Set(['BatchNormalization']);

export interface DpSgdOptions {
  loss: LossName;
  l2NormClip: number;
  noiseMultiplier: number;
  /** The expected batch size B = qN the noisy sum is divided by. */
  expectedBatchSize: number;
  /** Microbatch size for the fallback (default 1). */
  microbatchSize?: number;
  /** Seeds sampling-independent randomness (noise, microbatch assignment); secure when absent. */
  rng?: Prng;
  /** Forces microbatch clipping even where ghost norms apply (tests, benchmarks). */
  forceMicrobatch?: boolean;
}

export interface ClippedGradients {
  /** Σ_i clip(∇_i): variable name → tensor (caller disposes). */
  sums: Map<string, tf.Tensor>;
  /** ‖∇_i‖ before clipping, per example (ghost) or per microbatch. */
  norms: Float32Array;
  /** Σ_i loss_i over the batch. */
  lossSum: number;
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Ghost-norm stages when the model is a chain of Dense (2-D input) and weight-free layers; null otherwise. */
function ghostStages(model: tf.LayersModel): Stage[] | null {
  if (model.getClassName() !== 'Sequential') return null;
  const stages: Stage[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'Dense') {
      const input = layer.input as tf.SymbolicTensor;
      if (input.shape.length !== 2) return null;
      const [kernel, bias] = layer.weights.map((w) => w.read() as tf.Variable);
      const config = layer.getConfig() as { units: number; useBias?: boolean };
      const act = (layer as unknown as { activation: { apply(t: tf.Tensor): tf.Tensor } }).activation;
      if (!kernel || !layer.trainable) return null;
      stages.push({ kind: 'dense', kernel, bias: config.useBias === false ? null : (bias ?? null), units: config.units, activation: (t) => act.apply(t) });
    } else if (layer.weights.length === 0) {
      stages.push({ kind: 'pass', layer });
    } else {
      return null;
    }
  }
  return stages;
}

export class DpSgd {
  readonly method: ClippingMethod;
  readonly microbatchSize: number | null;
  private readonly stages: Stage[] | null;
  private readonly vars: tf.Variable[];
  private readonly rng: Prng;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly opts: DpSgdOptions,
  ) {
    for (const layer of model.layers) {
      if (CROSS_EXAMPLE_LAYERS.has(layer.getClassName())) {
        throw new TrainingSettingsError(
          `the layer ${layer.getClassName()} mixes examples through batch statistics, which per-example clipping cannot bound; use LayerNormalization instead`,
        );
      }
    }
    if (!(opts.l2NormClip > 0) || !Number.isFinite(opts.l2NormClip)) throw new TrainingSettingsError('the clipping norm must be a positive number');
    if (!(opts.noiseMultiplier >= 0) || !Number.isFinite(opts.noiseMultiplier)) throw new TrainingSettingsError('the noise multiplier must be zero or positive');
    this.stages = opts.forceMicrobatch ? null : ghostStages(model);
    this.method = this.stages ? 'ghost-norm' : 'microbatch';
    const mb = opts.microbatchSize ?? 1;
    if (!Number.isSafeInteger(mb) || mb < 1) throw new TrainingSettingsError('the microbatch size must be a positive whole number');
    this.microbatchSize = this.stages ? null : mb;
    this.vars = trainableVariables(model);
    this.rng = opts.rng ?? Prng.secure();
  }

  /** Σ of per-example clipped gradients for one batch (no noise). */
  clippedGradients(x: tf.Tensor, y: tf.Tensor): ClippedGradients {
    return this.stages ? this.ghost(this.stages, x, y) : this.microbatches(x, y);
  }

  /** Clip, add noise, average by the expected batch size and apply with the optimizer. Returns Σ loss_i. */
  step(optimizer: tf.Optimizer, x: tf.Tensor | null, y: tf.Tensor | null): number {
    const clipped: ClippedGradients =
      x && y && x.shape[0]! > 0 ? this.clippedGradients(x, y) : { sums: new Map(), norms: new Float32Array(0), lossSum: 0 };
    const noisy = this.noisyAverage(clipped.sums);
    optimizer.applyGradients(Object.fromEntries(noisy));
    for (const t of clipped.sums.values()) t.dispose();
    for (const t of noisy.values()) t.dispose();
    return clipped.lossSum;
  }

  /** (Σ clipped + N(0, σ²C²)) / B for every trainable variable; a missing sum counts as zero. */
  noisyAverage(sums: Map<string, tf.Tensor>): Map<string, tf.Tensor> {
    const { noiseMultiplier: sigma, l2NormClip: C, expectedBatchSize: B } = this.opts;
    const out = new Map<string, tf.Tensor>();
    for (const v of this.vars) {
      out.set(
        v.name,
        tf.tidy(() => {
          const noise = sigma > 0 ? tf.randomNormal(v.shape, 0, sigma * C, 'float32', this.rng.nextUint32()) : tf.zeros(v.shape);
          const s = sums.get(v.name);
          return tf.div(s ? tf.add(s, noise) : noise, B);
        }),
      );
    }
    return out;
  }

  private ghost(stages: Stage[], x: tf.Tensor, y: tf.Tensor): ClippedGradients {
    const n = x.shape[0]!;
    const dense = stages.filter((s): s is DenseStage => s.kind === 'dense');
    const inputs: tf.Tensor[] = [];
    const zeros = dense.map((d) => tf.zeros([n, d.units]));
    const f = (...es: tf.Tensor[]): tf.Scalar => {
      let h = x;
      let k = 0;
      for (const s of stages) {
        if (s.kind === 'pass') {
          h = s.layer.apply(h, { training: true }) as tf.Tensor;
          continue;
        }
        inputs[k] = tf.keep(h);
        let z = tf.matMul(h, s.kernel);
        if (s.bias) z = tf.add(z, s.bias);
        z = tf.add(z, es[k]!);
        h = s.activation(z);
        k++;
      }
      return tf.sum(perExampleLoss(this.opts.loss, y, h));
    };
    const { value, grads } = tf.valueAndGrads(f)(zeros);
    const C = this.opts.l2NormClip;
    const sums = new Map<string, tf.Tensor>();
    let normValues: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      let sq: tf.Tensor = tf.zeros([n]);
      dense.forEach((d, k) => {
        const gsq = tf.sum(tf.square(grads[k]!), 1);
        const asq = tf.sum(tf.square(inputs[k]!), 1);
        sq = tf.add(sq, tf.mul(gsq, d.bias ? tf.add(asq, 1) : asq));
      });
      const norms = tf.sqrt(sq);
      const c = tf.minimum(1, tf.div(C, tf.maximum(norms, 1e-12))).expandDims(1);
      dense.forEach((d, k) => {
        const gc = tf.mul(grads[k]!, c);
        sums.set(d.kernel.name, tf.keep(tf.matMul(inputs[k]!, gc, true, false)));
        if (d.bias) sums.set(d.bias.name, tf.keep(tf.sum(gc, 0)));
      });
      normValues = norms.dataSync() as Float32Array;
    });
    const lossSum = value.dataSync()[0]!;
    tf.dispose([value, ...grads, ...inputs.filter((t) => t !== x), ...zeros]);
    return { sums, norms: normValues, lossSum };
  }

  private microbatches(x: tf.Tensor, y: tf.Tensor): ClippedGradients {
    const n = x.shape[0]!;
    const size = this.microbatchSize ?? 1;
    const k = Math.ceil(n / size);
    // size 1: every example alone (exact per-example clipping). Larger: independent random
    // assignment, so removing one example changes one microbatch only.
    const groups: number[][] = Array.from({ length: size === 1 ? n : k }, (_, i) => (size === 1 ? [i] : []));
    if (size > 1) for (let i = 0; i < n; i++) groups[k === 1 ? 0 : this.rng.nextUint32() % k]!.push(i);
    const C = this.opts.l2NormClip;
    const sums = new Map<string, tf.Tensor>(this.vars.map((v) => [v.name, tf.zeros(v.shape)]));
    const norms: number[] = [];
    let lossSum = 0;
    for (const g of groups) {
      if (g.length === 0) continue;
      tf.tidy(() => {
        const idx = tf.tensor1d(g, 'int32');
        const xm = tf.gather(x, idx);
        const ym = tf.gather(y, idx);
        const { value, grads } = tf.variableGrads(
          () => tf.sum(perExampleLoss(this.opts.loss, ym, this.model.apply(xm, { training: true }) as tf.Tensor)),
          this.vars,
        );
        lossSum += value.dataSync()[0]!;
        let sq = 0;
        const sqs = this.vars.map((v) => tf.sum(tf.square(grads[v.name]!)));
        for (const s of sqs) sq += s.dataSync()[0]!;
        const norm = Math.sqrt(sq);
        norms.push(norm);
        const factor = Math.min(1, C / Math.max(norm, 1e-12));
        for (const v of this.vars) {
          const prev = sums.get(v.name)!;
          sums.set(v.name, tf.keep(tf.add(prev, tf.mul(grads[v.name]!, factor))));
          prev.dispose();
        }
      });
    }
    return { sums, norms: Float32Array.from(norms), lossSum };
  }
}
