import { describe, expect, it } from 'vitest';
import { float32ToBase64 } from '../../../shared/training/result.js';
import { TaskSpec } from '../../../shared/training/task-spec.js';
import { DEFAULT_TRAINING_CAPS } from '../../../electron/core/training/task/caps.js';
import { checkModel, estimateParams } from '../../../electron/core/training/task/check-model.js';
import { TaskRefusedError } from '../../../electron/core/training/errors.js';
import { smallTaskObject } from '../../helpers/training-task.js';

async function refusal(t: unknown, caps = DEFAULT_TRAINING_CAPS): Promise<TaskRefusedError> {
  try {
    await checkModel(TaskSpec.parse(t), caps);
  } catch (e) {
    expect(e).toBeInstanceOf(TaskRefusedError);
    return e as TaskRefusedError;
  }
  throw new Error('expected a refusal');
}

describe('checkModel', () => {
  it('counts parameters and the update size and lists the layers', async () => {
    const m = await checkModel(TaskSpec.parse(smallTaskObject()), DEFAULT_TRAINING_CAPS);
    expect(m.params).toBe(14 * 8 + 8 + 8 + 1);
    expect(m.updateBytes).toBe(m.params * 4);
    expect(m.layers.map((l) => l.className)).toEqual(['Dense', 'Dense']);
    expect(m.inputShape).toEqual([14]);
    expect(m.outputShape).toEqual([1]);
    expect(m.weights.map((w) => w.length)).toEqual([112, 8, 8, 1]);
  });

  it('refuses weights whose shape does not match the topology', async () => {
    const t = smallTaskObject();
    t.model.weights[0].shape = [8, 14];
    const e = await refusal(t);
    expect(e.reason).toBe('weights-mismatch');
    expect(e.path).toBe('model.weights[0].shape');
    expect(e.code).toBe('TASK_REFUSED');
  });

  it('refuses a missing weight tensor and data of the wrong length', async () => {
    const t = smallTaskObject();
    t.model.weights.pop();
    expect((await refusal(t)).reason).toBe('weights-mismatch');
    const u = smallTaskObject();
    u.model.weights[1].data = float32ToBase64(new Float32Array(7));
    expect(await refusal(u)).toMatchObject({ reason: 'weights-mismatch', path: 'model.weights[1].data' });
  });

  it('refuses NaN and infinite weights', async () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const t = smallTaskObject();
      const v = new Float32Array(8);
      v[3] = bad;
      t.model.weights[1].data = float32ToBase64(v);
      expect(await refusal(t)).toMatchObject({ reason: 'weights-not-finite', path: 'model.weights[1].data' });
    }
  });

  it('refuses models over the parameter cap, before allocating a huge one', async () => {
    const t = smallTaskObject();
    expect(await refusal(t, { ...DEFAULT_TRAINING_CAPS, maxParams: 100 })).toMatchObject({ reason: 'over-cap' });
    const huge = smallTaskObject();
    huge.model.topology.config.layers[0].config.units = 1_000_000_000;
    expect(estimateParams(TaskSpec.parse(huge).model.topology.config.layers)).toBeGreaterThan(1e10);
    const e = await refusal(huge);
    expect(e.reason).toBe('over-cap');
    expect(e.message).toContain('5000000');
  });

  it('refuses a model without an input shape or one tfjs cannot build', async () => {
    const t = smallTaskObject();
    delete t.model.topology.config.layers[0].config.batch_input_shape;
    expect((await refusal(t)).reason).toBe('model-invalid');
    const u = smallTaskObject();
    u.model.topology.config.layers[1].config.units = 'many';
    expect((await refusal(u)).reason).toBe('model-invalid');
  });
});
