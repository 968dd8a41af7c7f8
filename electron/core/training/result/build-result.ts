/**
 * Turns the engine's result into the signed envelope that may leave the
 * wallet (format: shared/training/result.ts). Only model-update numbers,
 * counts, privacy parameters and timings go in; never a record value.
 */
import type { Address, LocalAccount } from 'viem';
import { float32ToBase64, RESULT_FORMAT, resultTypedData, type ResultPayload } from '../../../../shared/training/result.js';
import type { TrainingJobResult } from '../engine/index.js';

export interface BuildResultParams {
  account: LocalAccount;
  chainId: number;
  contract: Address;
  leaseId: string;
  taskHash: `0x${string}`;
  engine: TrainingJobResult;
  noiseMultiplier: number;
  clipNorm: number;
  startedAt: number;
  finishedAt: number;
}

export interface BuiltResult {
  payload: ResultPayload;
  envelope: Uint8Array;
}

export async function buildSignedResult(p: BuildResultParams): Promise<BuiltResult> {
  const all = new Float32Array(p.engine.weightDelta);
  let offset = 0;
  const weightDelta = p.engine.weightSpecs.map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const part = all.subarray(offset, offset + size);
    offset += size;
    return { shape: [...spec.shape], data: float32ToBase64(part) };
  });
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(p.engine.metrics)) if (Number.isFinite(v)) metrics[k] = v;
  const payload: ResultPayload = {
    leaseId: p.leaseId,
    taskHash: p.taskHash,
    chainId: p.chainId,
    contract: p.contract,
    wallet: p.account.address,
    weightDelta,
    numExamples: p.engine.numExamples,
    metrics,
    epsilon: p.engine.epsilonSpent,
    delta: p.engine.delta,
    noiseMultiplier: p.noiseMultiplier,
    clipNorm: p.clipNorm,
    backend: p.engine.backend,
    stopReason: p.engine.stopReason,
    timings: { startedAt: p.startedAt, finishedAt: p.finishedAt, trainMs: p.engine.timings.trainMs },
  };
  const payloadText = JSON.stringify(payload);
  const signature = await p.account.signTypedData(resultTypedData({ chainId: p.chainId, verifyingContract: p.contract }, payload, payloadText));
  const envelope = new TextEncoder().encode(JSON.stringify({ format: RESULT_FORMAT, payload: payloadText, signature }));
  return { payload, envelope };
}
