/**
 * Builds a Data Wallet task document from a TensorFlow.js Sequential model:
 * its topology, its current weights (float32, base64), the training settings,
 * the feature recipe over the leased datasets, and where results go.
 */
import { createHash } from 'node:crypto';
import type * as tf from '@tensorflow/tfjs';
import { float32ToBase64 } from '../../shared/training/result.js';
import { parseTaskSpec } from '../../shared/training/parse-task.js';
import { TASK_FORMAT, type TaskSpecInput } from '../../shared/training/task-spec.js';

export interface BuildTaskParams {
  name: string;
  description?: string;
  training: TaskSpecInput['training'];
  features: TaskSpecInput['features'];
  resultEndpoint: string;
  /** Weights to publish instead of the model's own (e.g. the global model of a round). */
  weights?: Float32Array[];
}

export interface BuiltTask {
  /** The document, exactly as served. */
  text: string;
  /** 0x-sha256 of its UTF-8 bytes: the wallet's task hash, named in every result. */
  taskHash: `0x${string}`;
}

export function buildTask(model: tf.LayersModel, params: BuildTaskParams): BuiltTask {
  const topology = model.toJSON(null, false) as unknown as Record<string, unknown>;
  const tensors = model.getWeights();
  const values = params.weights ?? tensors.map((t) => t.dataSync() as Float32Array);
  const weights = tensors.map((t, i) => ({ name: `w${i}`, shape: [...t.shape], dtype: 'float32' as const, data: float32ToBase64(values[i]!) }));
  const task: TaskSpecInput = {
    format: TASK_FORMAT,
    name: params.name,
    ...(params.description !== undefined && { description: params.description }),
    model: { topology: topology as TaskSpecInput['model']['topology'], weights },
    training: params.training,
    features: params.features,
    result: { endpoint: params.resultEndpoint },
  };
  const text = JSON.stringify(task);
  const parsed = parseTaskSpec(text);
  if (!parsed.ok) throw new Error(`the task would be refused by wallets: ${parsed.message}`);
  return { text, taskHash: `0x${createHash('sha256').update(text, 'utf8').digest('hex')}` };
}
