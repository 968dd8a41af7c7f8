/**
 * Picks the TensorFlow.js backend at run time (worker thread only: the wasm
 * backend installs process-wide exception handlers). 'auto' tries
 * tensorflow (tfjs-node, when it installed) → wasm → cpu, skipping wasm for
 * convolutions, whose gradients the wasm backend lacks.
 */
import * as tf from '@tensorflow/tfjs';
import { TrainingSettingsError } from './errors.js';
import type { BackendChoice, BackendName } from './types.js';

const TFJS_NODE = '@tensorflow/tfjs-node';
const TFJS_WASM = '@tensorflow/tfjs-backend-wasm';

const usesConvolution = (topology: object): boolean => /"class_name":\s*"(Conv1D|Conv2D|SeparableConv2D|DepthwiseConv2D)"/.test(JSON.stringify(topology));

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') await import(TFJS_NODE);
    if (name === 'wasm') await import(TFJS_WASM);
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

export async function selectBackend(choice: BackendChoice, topology: object): Promise<BackendName> {
  // no debug checks, and no console banner about tfjs-node in the user's terminal
  tf.enableProdMode();
  if (choice !== 'auto') {
    if (choice === 'wasm' && usesConvolution(topology)) {
      throw new TrainingSettingsError('the wasm backend cannot train convolution layers; choose auto or cpu');
    }
    if (await tryBackend(choice)) return choice;
    throw new TrainingSettingsError(`the ${choice} backend is not available on this computer; choose auto`);
  }
  const order: BackendName[] = usesConvolution(topology) ? ['tensorflow', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) if (await tryBackend(name)) return name;
  throw new TrainingSettingsError('no TensorFlow.js backend could be started');
}
