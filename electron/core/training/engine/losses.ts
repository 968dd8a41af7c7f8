/**
 * Per-example losses (shape [B]) with Keras/TensorFlow.js semantics: the model
 * outputs probabilities for the cross-entropies, clipped to [ε, 1 − ε].
 * DP-SGD needs them per example: the gradient of their SUM at a layer's
 * pre-activations gives every example's own gradient row.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossName } from './types.js';

const EPS = 1e-7;

/** Reduces every axis but the batch axis by mean: [B, …] → [B]. */
function perExample(t: tf.Tensor): tf.Tensor1D {
  if (t.rank === 1) return t as tf.Tensor1D;
  return t.reshape([t.shape[0]!, -1]).mean(1) as tf.Tensor1D;
}

export function perExampleLoss(name: LossName, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D {
  switch (name) {
    case 'meanSquaredError':
      return perExample(tf.square(tf.sub(yPred, yTrue)).mean(-1));
    case 'meanAbsoluteError':
      return perExample(tf.abs(tf.sub(yPred, yTrue)).mean(-1));
    case 'binaryCrossentropy': {
      const p = tf.clipByValue(yPred, EPS, 1 - EPS);
      const l = tf.neg(tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)))));
      return perExample(l.mean(-1));
    }
    case 'categoricalCrossentropy':
      return perExample(categorical(yTrue, yPred));
    case 'sparseCategoricalCrossentropy': {
      const classes = yPred.shape[yPred.rank - 1]!;
      const labels = tf.cast(yTrue.reshape(yPred.shape.slice(0, -1)), 'int32');
      return perExample(categorical(tf.oneHot(labels, classes), yPred));
    }
  }
}

function categorical(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPS, 1 - EPS);
  return tf.neg(tf.sum(tf.mul(yTrue, tf.log(p)), -1));
}
