/**
 * Preview at consent: what a lease's task would do and what would leave,
 * before the owner approves. Fetches and checks the task exactly as the
 * runner would, reads only aggregate counts of the requested scope (locally;
 * nothing is sent), and asks the accountant for the ε it would spend.
 * A task that fails is reported as such, with the refusal's code.
 */
import { leaseCoversKind } from '../../../shared/domain/profile-kinds.js';
import { isWalletError } from '../errors.js';
import type { Vault } from '../vault/index.js';
import type { TrainingEngine } from './engine-port.js';
import { TaskRefusedError } from './errors.js';
import type { LeaseGuard, LeaseScope } from './features/build-features.js';
import type { AddressPolicy } from './net/address-policy.js';
import { readTrainingCaps } from './task/caps.js';
import { DEFAULT_TASK_FETCH_LIMITS, loadTask, type TaskFetchLimits, type TaskSource } from './task/load-task.js';
import { prepareTask } from './task/prepare-task.js';

export interface PreviewTerms extends LeaseScope {
  taskUrl: string;
  maxEpsilonMilli: number;
}

export type TaskPreview =
  | {
      ok: true;
      taskHash: `0x${string}`;
      taskName: string;
      params: number;
      /** Bytes of the weight delta that would leave (float32), before envelope overhead. */
      updateBytes: number;
      layers: { className: string; outputShape: number[]; params: number }[];
      datasets: string[];
      /** Unix ms, inclusive. */
      from: number;
      to: number;
      recordCount: number;
      examples: number;
      epochs: number;
      batchSize: number;
      noiseMultiplier: number;
      delta: number;
      /** ε the accountant would charge for the full run. */
      epsilon: number;
      maxEpsilon: number;
      endpoint: string;
    }
  | { ok: false; taskHash: `0x${string}` | null; code: string; reason: string | null; path: string | null; message: string };

export async function previewTask(params: {
  vault: Vault;
  terms: PreviewTerms;
  engine: Pick<TrainingEngine, 'computeEpsilon' | 'noiseMultiplierFor'>;
  policy: AddressPolicy;
  source?: TaskSource;
  fetchLimits?: TaskFetchLimits;
}): Promise<TaskPreview> {
  const { terms } = params;
  let taskHash: `0x${string}` | null = null;
  try {
    const loaded = await loadTask(params.source ?? { url: terms.taskUrl }, params.policy, params.fetchLimits ?? DEFAULT_TASK_FETCH_LIMITS);
    taskHash = loaded.taskHash;
    // Before consent there is no lease to ask: the guard holds the read to the requested scope.
    const guard: LeaseGuard = (_id, kind, t) => {
      if (!leaseCoversKind(terms.datasets, kind)) throw new TaskRefusedError('dataset-not-in-lease', 'The task reads a dataset the request does not ask for.');
      if (t < Number(terms.dataFrom) * 1000 || t > Number(terms.dataTo) * 1000 + 999) throw new TaskRefusedError('time-outside-lease', 'The task reads outside the requested time range.');
    };
    const p = await prepareTask({
      vault: params.vault,
      task: loaded.task,
      lease: terms,
      guard,
      caps: readTrainingCaps(params.vault),
      engine: params.engine,
      maxEpsilon: Math.min(terms.maxEpsilonMilli / 1000, loaded.task.training.targetEpsilon ?? Number.POSITIVE_INFINITY),
    });
    return {
      ok: true,
      taskHash,
      taskName: p.task.name,
      params: p.model.params,
      updateBytes: p.model.updateBytes,
      layers: p.model.layers.map((l) => ({ className: l.className, outputShape: l.outputShape, params: l.params })),
      datasets: p.features.scope.datasets,
      from: p.features.scope.fromMs,
      to: p.features.scope.toMs,
      recordCount: p.features.recordCount,
      examples: p.features.examples,
      epochs: p.task.training.epochs,
      batchSize: p.task.training.batchSize,
      noiseMultiplier: p.privacy.noiseMultiplier,
      delta: p.privacy.delta,
      epsilon: p.privacy.epsilon,
      maxEpsilon: p.privacy.maxEpsilon,
      endpoint: p.task.result.endpoint,
    };
  } catch (e) {
    if (!isWalletError(e)) throw e;
    const w = e as typeof e & { code?: string; reason?: string; failure?: string };
    return {
      ok: false,
      taskHash,
      code: w.code ?? w.name,
      reason: w.reason ?? w.failure ?? null,
      path: e instanceof TaskRefusedError ? e.path : null,
      message: e.toString(),
    };
  }
}
