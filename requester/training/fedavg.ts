/**
 * Federated averaging (McMahan et al.): the new global weights are the old
 * ones plus the average of the wallets' weight deltas, weighted by how many
 * examples each trained on.
 */
import { base64ToFloat32, type ResultPayload } from '../../shared/training/result.js';

export interface ClientUpdate {
  delta: Float32Array[];
  numExamples: number;
}

/** Decodes a verified payload's delta. */
export function updateFromPayload(p: ResultPayload): ClientUpdate {
  return { delta: p.weightDelta.map((w) => base64ToFloat32(w.data)), numExamples: p.numExamples };
}

export function federatedAverage(global: readonly Float32Array[], updates: readonly ClientUpdate[]): Float32Array[] {
  const total = updates.reduce((a, u) => a + u.numExamples, 0);
  const next = global.map((w) => Float32Array.from(w));
  if (total === 0) return next;
  for (const u of updates) {
    if (u.delta.length !== global.length) throw new Error('an update has another number of weight tensors than the model');
    const share = u.numExamples / total;
    u.delta.forEach((d, i) => {
      const w = next[i]!;
      if (d.length !== w.length) throw new Error(`update tensor ${i} has ${d.length} values, the model ${w.length}`);
      for (let j = 0; j < w.length; j++) w[j]! += share * d[j]!;
    });
  }
  return next;
}
