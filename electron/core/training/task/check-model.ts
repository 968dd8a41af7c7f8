/**
 * Checks a task's model against its weights and the wallet's caps, with
 * TensorFlow.js itself building the topology (only allow-listed classes get
 * here: see shared/training/parse-task.ts).
 *
 * Before tfjs allocates anything, a cheap estimate of the parameter count
 * from the layer configs refuses models far over the cap (a Dense layer of a
 * billion units would otherwise be allocated just to be counted).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec, TaskSpec } from '../../../../shared/training/task-spec.js';
import { TaskRefusedError } from '../errors.js';
import type { TrainingCaps } from './caps.js';

export interface ModelLayerInfo {
  index: number;
  className: string;
  /** Output shape without the batch dimension. */
  outputShape: number[];
  params: number;
}

export interface CheckedModel {
  params: number;
  /** Bytes of the weight delta the result carries (float32). */
  updateBytes: number;
  layers: ModelLayerInfo[];
  /** Without the batch dimension. */
  inputShape: number[];
  outputShape: number[];
  /** The initial weights, in the model's order. */
  weights: Float32Array[];
  weightShapes: number[][];
  /** The names tfjs gives the weights when it loads this topology (what the engine matches weights by). */
  weightNames: string[];
}

function num(config: Record<string, unknown>, key: string): number {
  const v = config[key];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 1;
}

/** Upper-ish estimate of the parameters from layer configs alone (last-dimension tracking). */
export function estimateParams(layers: readonly LayerSpec[]): number {
  let width = 1;
  let total = 1; // elements per example
  let params = 0;
  for (const layer of layers) {
    const c = layer.config as Record<string, unknown>;
    const shape = (c.batch_input_shape ?? c.batchInputShape ?? c.input_shape) as unknown;
    if (Array.isArray(shape)) {
      const dims = shape.filter((d): d is number => typeof d === 'number' && d > 0);
      width = dims.length ? dims[dims.length - 1]! : 1;
      total = dims.reduce((a, b) => a * b, 1);
    }
    switch (layer.class_name) {
      case 'Dense': {
        const units = num(c, 'units');
        params += width * units + units;
        total = (total / width) * units;
        width = units;
        break;
      }
      case 'Embedding': {
        const out = num(c, 'output_dim');
        params += num(c, 'input_dim') * out;
        total *= out;
        width = out;
        break;
      }
      case 'Conv1D': {
        const filters = num(c, 'filters');
        const k = Array.isArray(c.kernel_size) ? Number(c.kernel_size[0]) || 1 : num(c, 'kernel_size');
        params += k * width * filters + filters;
        total = (total / width) * filters;
        width = filters;
        break;
      }
      case 'LSTM':
      case 'GRU':
      case 'SimpleRNN': {
        const units = num(c, 'units');
        const gates = layer.class_name === 'LSTM' ? 4 : layer.class_name === 'GRU' ? 3 : 1;
        params += gates * (width * units + units * units + 2 * units);
        total = units;
        width = units;
        break;
      }
      case 'BatchNormalization':
      case 'LayerNormalization':
        params += 4 * width;
        break;
      case 'Flatten':
        width = total;
        break;
      case 'Reshape': {
        const target = c.target_shape;
        if (Array.isArray(target) && target.length) width = Number(target[target.length - 1]) || 1;
        break;
      }
      default:
        break;
    }
  }
  return params;
}

function decodeWeight(b64: string): Float32Array | null {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length % 4 !== 0) return null;
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Builds the model with tfjs, matches the weights, counts parameters; throws TaskRefusedError. */
export async function checkModel(task: TaskSpec, caps: TrainingCaps): Promise<CheckedModel> {
  // Production mode: no debug checks, and no console banner in the CLI's output.
  if (!tf.env().getBool('PROD')) tf.enableProdMode();
  const layers = task.model.topology.config.layers;
  const estimate = estimateParams(layers);
  if (estimate > caps.maxParams * 4) {
    throw new TaskRefusedError('over-cap', `The model has about ${estimate} parameters; this wallet allows at most ${caps.maxParams}.`, { path: 'model.topology' });
  }
  const first = layers[0]!.config as Record<string, unknown>;
  if (!Array.isArray(first.batch_input_shape ?? first.batchInputShape)) {
    throw new TaskRefusedError('model-invalid', 'The model’s first layer does not declare its input shape (batch_input_shape).', {
      path: 'model.topology.config.layers[0].config.batch_input_shape',
    });
  }
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: task.model.topology as unknown as tf.io.ModelJSON['modelTopology'] });
  } catch (e) {
    throw new TaskRefusedError('model-invalid', 'TensorFlow.js cannot build the task’s model from its topology.', {
      path: 'model.topology',
      details: e instanceof Error ? e.message.slice(0, 300) : undefined,
    });
  }
  try {
    const params = model.countParams();
    if (params > caps.maxParams) {
      throw new TaskRefusedError('over-cap', `The model has ${params} parameters; this wallet allows at most ${caps.maxParams}.`, { path: 'model.topology' });
    }
    const expected = model.getWeights().map((w) => w.shape);
    if (expected.length !== task.model.weights.length) {
      throw new TaskRefusedError('weights-mismatch', `The model has ${expected.length} weight tensors but the task provides ${task.model.weights.length}.`, {
        path: 'model.weights',
      });
    }
    const weights: Float32Array[] = [];
    for (let i = 0; i < expected.length; i++) {
      const spec = task.model.weights[i]!;
      const want = expected[i]!;
      const path = `model.weights[${i}]`;
      if (spec.shape.length !== want.length || spec.shape.some((d, j) => d !== want[j])) {
        throw new TaskRefusedError('weights-mismatch', `Weight ${i} has shape [${spec.shape.join(', ')}] but the model needs [${want.join(', ')}].`, { path: `${path}.shape` });
      }
      const values = decodeWeight(spec.data);
      if (values === null || values.length !== sizeOf(want)) {
        throw new TaskRefusedError('weights-mismatch', `Weight ${i} holds ${values === null ? 'a partial' : values.length} float32 value(s) but its shape needs ${sizeOf(want)}.`, {
          path: `${path}.data`,
        });
      }
      for (let j = 0; j < values.length; j++) {
        if (!Number.isFinite(values[j]!)) throw new TaskRefusedError('weights-not-finite', `Weight ${i} contains NaN or infinite values.`, { path: `${path}.data` });
      }
      weights.push(values);
    }
    const shapeOf = (s: tf.Shape | tf.Shape[]): number[] => (Array.isArray(s[0]) ? (s[0] as tf.Shape) : (s as tf.Shape)).slice(1).map((d) => d ?? -1);
    return {
      params,
      updateBytes: params * 4,
      layers: model.layers.map((l, index) => ({ index, className: l.getClassName(), outputShape: shapeOf(l.outputShape), params: l.countParams() })),
      inputShape: shapeOf(model.inputs[0]!.shape),
      outputShape: shapeOf(model.outputs[0]!.shape),
      weights,
      weightShapes: expected.map((s) => [...s]),
      weightNames: model.weights.map((w) => w.originalName),
    };
  } finally {
    model.dispose();
  }
}
