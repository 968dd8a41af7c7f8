/**
 * Everything that happens to a task before training, shared by the consent
 * preview and the runner: model check, caps, features from the leased scope,
 * and the privacy parameters (δ below 1/N, σ so that the whole run fits the
 * budget). Throws TaskRefusedError / PrivacyBudgetError; reads nothing
 * outside the scope.
 */
import type { TaskSpec } from '../../../../shared/training/task-spec.js';
import type { Vault } from '../../vault/index.js';
import type { TrainingEngine } from '../engine-port.js';
import { PrivacyBudgetError, TaskRefusedError } from '../errors.js';
import { buildFeatures, type BuiltFeatures, type LeaseGuard, type LeaseScope } from '../features/build-features.js';
import { estimateJobMemory, type TrainingCaps } from './caps.js';
import { checkModel, type CheckedModel } from './check-model.js';

export interface PrivacyPlan {
  delta: number;
  noiseMultiplier: number;
  /** ε the full run would spend (≤ maxEpsilon). */
  epsilon: number;
  /** The budget this run may use: the lease's (and the owner's) cap minus what earlier results spent. */
  maxEpsilon: number;
}

export interface PreparedTask {
  task: TaskSpec;
  model: CheckedModel;
  features: BuiltFeatures;
  privacy: PrivacyPlan;
  memoryBytes: number;
}

/** δ for N examples: 1e-5, or less when N is large, always below 1/N. */
export function deltaFor(n: number): number {
  return Math.min(1e-5, 1 / (10 * n));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export async function prepareTask(params: {
  vault: Vault;
  task: TaskSpec;
  lease: LeaseScope;
  guard: LeaseGuard;
  caps: TrainingCaps;
  engine: Pick<TrainingEngine, 'computeEpsilon' | 'noiseMultiplierFor'>;
  /** ε available to this run. */
  maxEpsilon: number;
}): Promise<PreparedTask> {
  const { task, caps } = params;
  if (task.training.epochs > caps.maxEpochs) {
    throw new TaskRefusedError('over-cap', `The task asks for ${task.training.epochs} epochs; this wallet allows at most ${caps.maxEpochs}.`, { path: 'training.epochs' });
  }
  const model = await checkModel(task, caps);
  const features = buildFeatures(params.vault, params.guard, params.lease, task.features, caps.maxExamples);
  if (!sameShape(model.inputShape, features.xShape)) {
    throw new TaskRefusedError(
      'input-shape-mismatch',
      `The model takes inputs of shape [${model.inputShape.join(', ')}] but the feature recipe makes [${features.xShape.join(', ')}].`,
      { path: 'features' },
    );
  }
  const out = model.outputShape;
  const sparse = task.training.loss === 'sparseCategoricalCrossentropy';
  if (!sparse && !sameShape(out, [1])) {
    throw new TaskRefusedError('output-shape-mismatch', `The model's output has shape [${out.join(', ')}]; with loss ${task.training.loss} the label is one number, so it must be [1].`, {
      path: 'model.topology',
    });
  }
  const memoryBytes = estimateJobMemory(model.params, features.examples, features.x.length / Math.max(1, features.examples), 1);
  if (memoryBytes > caps.maxMemoryBytes) {
    throw new TaskRefusedError('over-cap', `The job would need about ${Math.ceil(memoryBytes / 2 ** 20)} MiB; this wallet allows ${Math.floor(caps.maxMemoryBytes / 2 ** 20)} MiB.`, { path: 'model' });
  }
  const n = features.examples;
  if (n < task.training.batchSize || n < 2) {
    throw new TaskRefusedError('no-examples', `The leased data gives ${n} example(s), fewer than the batch size ${task.training.batchSize}.`, { path: 'training.batchSize' });
  }
  if (!(params.maxEpsilon > 0)) throw new PrivacyBudgetError('This lease has no privacy budget left.');
  const delta = deltaFor(n);
  const base = { n, batchSize: task.training.batchSize, epochs: task.training.epochs, delta };
  let noiseMultiplier: number;
  try {
    noiseMultiplier = params.engine.noiseMultiplierFor({ ...base, targetEpsilon: params.maxEpsilon });
  } catch (e) {
    throw new PrivacyBudgetError(`No noise level keeps this task within ε = ${params.maxEpsilon.toFixed(3)}.`, { cause: e });
  }
  const { epsilon } = params.engine.computeEpsilon({ ...base, noiseMultiplier });
  return { task, model, features, privacy: { delta, noiseMultiplier, epsilon, maxEpsilon: params.maxEpsilon }, memoryBytes };
}
