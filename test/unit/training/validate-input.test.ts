import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrainingSettingsError } from '../../../electron/core/training/engine/errors.js';
import type { TrainingJobInput } from '../../../electron/core/training/engine/types.js';
import { validateJobInput } from '../../../electron/core/training/engine/validate-input.js';

function valid(): TrainingJobInput {
  const weightSpecs = [
    { name: 'd/kernel', shape: [2, 1], dtype: 'float32' as const },
    { name: 'd/bias', shape: [1], dtype: 'float32' as const },
  ];
  return {
    model: { topology: { class_name: 'Sequential' }, weightSpecs, weightData: new Float32Array([0.1, 0.2, 0]).buffer },
    optimizer: { name: 'sgd', learningRate: 0.1 },
    loss: 'meanSquaredError',
    batchSize: 2,
    epochs: 1,
    data: { x: new Float32Array(8), xShape: [4, 2], y: new Float32Array(4), yShape: [4, 1] },
    dp: { l2NormClip: 1, noiseMultiplier: 1, delta: 1e-5, maxEpsilon: 1 },
    wallTimeMs: 1000,
  };
}

const anyValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.constant(undefined),
  fc.constant(null),
  fc.array(fc.integer({ min: -2, max: 5 }), { maxLength: 4 }),
  fc.constant(new Float32Array([Number.NaN])),
);

describe('validateJobInput', () => {
  it('accepts a well-formed job', () => {
    expect(() => validateJobInput(valid())).not.toThrow();
  });

  it('any corrupted field is either accepted or refused with TrainingSettingsError, never another error', () => {
    const paths = [
      ['batchSize'], ['epochs'], ['loss'], ['wallTimeMs'], ['seed'], ['backend'], ['microbatchSize'], ['maxMemoryMb'],
      ['optimizer', 'name'], ['optimizer', 'learningRate'], ['dp', 'l2NormClip'], ['dp', 'noiseMultiplier'], ['dp', 'delta'],
      ['dp', 'maxEpsilon'], ['data', 'xShape'], ['data', 'yShape'], ['data', 'x'], ['data', 'y'], ['model', 'weightSpecs'],
      ['model', 'weightData'], ['model', 'topology'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), anyValue, (path, value) => {
        const input = valid() as unknown as Record<string, Record<string, unknown>>;
        if (path.length === 1) (input as Record<string, unknown>)[path[0]!] = value;
        else input[path[0]!]![path[1]!] = value;
        try {
          validateJobInput(input as unknown as TrainingJobInput);
        } catch (e) {
          expect(e).toBeInstanceOf(TrainingSettingsError);
          expect((e as TrainingSettingsError).code).toBe('TRAINING_SETTINGS_INVALID');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('model size', () => {
  it('counts parameters and the bytes of the weight delta', async () => {
    const { countParameters, weightDeltaBytes } = await import('../../../electron/core/training/engine/model-size.js');
    const specs = [{ shape: [32, 64] }, { shape: [64] }, { shape: [64, 1] }, { shape: [1] }];
    expect(countParameters(specs)).toBe(32 * 64 + 64 + 64 + 1);
    expect(weightDeltaBytes(specs)).toBe(4 * (32 * 64 + 64 + 64 + 1));
    expect(countParameters([])).toBe(0);
  });
});
