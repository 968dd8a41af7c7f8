/** Small real tasks for the training tests, built with the requester SDK from real tfjs models. */
import * as tf from '@tensorflow/tfjs';
import { buildTask, type BuiltTask } from '../../requester/training/build-task.js';
import type { TaskSpecInput } from '../../shared/training/task-spec.js';

export const KIND = 'steps';

export function smallModel(inputs = 14): tf.Sequential {
  return tf.sequential({
    layers: [tf.layers.dense({ inputShape: [inputs], units: 8, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  });
}

export const smallFeatures: TaskSpecInput['features'] = {
  bucket: 'day',
  window: 7,
  inputs: [
    { dataset: KIND, stat: 'sum', scale: { subtract: 8000, divide: 3000 } },
    { dataset: KIND, stat: 'count' },
  ],
  label: { dataset: KIND, stat: 'sum', ahead: 1, threshold: 8000 },
};

export function smallTask(overrides: Partial<{ features: TaskSpecInput['features']; training: TaskSpecInput['training']; endpoint: string }> = {}): BuiltTask {
  const model = smallModel();
  try {
    return buildTask(model, {
      name: 'test task',
      training: overrides.training ?? { optimizer: { kind: 'sgd', learningRate: 0.1 }, loss: 'binaryCrossentropy', batchSize: 8, epochs: 1, clipNorm: 1 },
      features: overrides.features ?? smallFeatures,
      resultEndpoint: overrides.endpoint ?? 'https://lab.example.org/results',
    });
  } finally {
    model.dispose();
  }
}

/** The task as a mutable object (for malformed variants). */
export function smallTaskObject(): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(smallTask().text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
