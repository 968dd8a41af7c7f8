import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTaskSpec } from '../../../shared/training/parse-task.js';
import { TASK_LIMITS } from '../../../shared/training/task-spec.js';
import { smallTask, smallTaskObject } from '../../helpers/training-task.js';

function refused(doc: unknown) {
  const r = parseTaskSpec(typeof doc === 'string' ? doc : JSON.stringify(doc));
  if (r.ok) throw new Error('expected a refusal');
  return r;
}

describe('parseTaskSpec', () => {
  it('accepts a task built by the requester SDK from a tfjs model', () => {
    const r = parseTaskSpec(smallTask().text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.task.model.weights.map((w) => w.shape)).toEqual([[14, 8], [8], [8, 1], [1]]);
      expect(r.task.training.clipNorm).toBe(1);
      expect(r.task.features.layout).toBe('flat');
    }
  });

  it('refuses a Lambda or custom layer by name, with its path', () => {
    for (const cls of ['Lambda', 'MyCustomLayer', 'Functional', 'Sequential']) {
      const t = smallTaskObject();
      t.model.topology.config.layers[1].class_name = cls;
      const r = refused(t);
      expect(r.reason).toBe('layer-not-allowed');
      expect(r.path).toBe('model.topology.config.layers[1].class_name');
      expect(r.message).toContain('Dense');
    }
  });

  it('refuses a disallowed class or activation nested in a layer config', () => {
    const t = smallTaskObject();
    t.model.topology.config.layers[0].config.kernel_initializer = { class_name: 'Evil', config: {} };
    expect(refused(t)).toMatchObject({ reason: 'config-not-allowed', path: 'model.topology.config.layers[0].config.kernel_initializer.class_name' });
    const u = smallTaskObject();
    u.model.topology.config.layers[0].config.activation = 'customActivation';
    expect(refused(u).reason).toBe('config-not-allowed');
  });

  it('refuses a non-Sequential topology, unknown fields, missing fields', () => {
    const a = smallTaskObject();
    a.model.topology.class_name = 'Model';
    expect(refused(a)).toMatchObject({ reason: 'schema', path: 'model.topology.class_name' });
    const b = smallTaskObject();
    b.extra = 1;
    expect(refused(b).reason).toBe('schema');
    const c = smallTaskObject();
    delete c.result;
    expect(refused(c)).toMatchObject({ reason: 'schema', path: 'result' });
  });

  it('refuses optimizers and losses off the allow-lists, and bad training numbers', () => {
    const cases: [string, (t: Record<string, any>) => void, string][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['optimizer', (t) => (t.training.optimizer = { kind: 'rmsprop', learningRate: 0.1 }), 'training.optimizer.kind'],
      ['loss', (t) => (t.training.loss = 'customLoss'), 'training.loss'],
      ['epochs 0', (t) => (t.training.epochs = 0), 'training.epochs'],
      ['epochs huge', (t) => (t.training.epochs = TASK_LIMITS.maxEpochs + 1), 'training.epochs'],
      ['batch 0', (t) => (t.training.batchSize = 0), 'training.batchSize'],
      ['lr negative', (t) => (t.training.optimizer.learningRate = -1), 'training.optimizer.learningRate'],
      ['clip 0', (t) => (t.training.clipNorm = 0), 'training.clipNorm'],
    ];
    for (const [, mutate, path] of cases) {
      const t = smallTaskObject();
      mutate(t);
      expect(refused(t)).toMatchObject({ reason: 'schema', path });
    }
  });

  it('refuses weights that are not base64, a non-float dtype, or shapes out of range', () => {
    const a = smallTaskObject();
    a.model.weights[0].data = 'not base64!';
    expect(refused(a)).toMatchObject({ reason: 'schema', path: 'model.weights[0].data' });
    const b = smallTaskObject();
    b.model.weights[0].dtype = 'int32';
    expect(refused(b).path).toBe('model.weights[0].dtype');
    const c = smallTaskObject();
    c.model.weights[0].shape = [0, 8];
    expect(refused(c).path).toBe('model.weights[0].shape[0]');
  });

  it('refuses feature recipes that are malformed (window, stats, reversed range)', () => {
    const a = smallTaskObject();
    a.features.window = 0;
    expect(refused(a).path).toBe('features.window');
    const b = smallTaskObject();
    b.features.inputs[0].stat = 'raw';
    expect(refused(b).path).toBe('features.inputs[0].stat');
    const c = smallTaskObject();
    c.features.from = 200;
    c.features.to = 100;
    expect(refused(c).path).toBe('features.from');
    const d = smallTaskObject();
    d.features.inputs[0].scale = { subtract: 0, divide: 0 };
    expect(refused(d).path).toBe('features.inputs[0].scale.divide');
  });

  it('refuses result endpoints that are not http(s) or carry credentials', () => {
    for (const endpoint of ['ftp://x.org/r', 'https://user:pw@x.org/r', 'not a url', 'javascript:alert(1)']) {
      const t = smallTaskObject();
      t.result.endpoint = endpoint;
      expect(refused(t)).toMatchObject({ reason: 'schema', path: 'result.endpoint' });
    }
  });

  it('refuses repeated fields, non-JSON and oversize documents', () => {
    const text = smallTask().text.replace('"name":"test task"', '"name":"test task","name":"other"');
    expect(refused(text)).toMatchObject({ reason: 'duplicate-field', path: 'name' });
    expect(refused('{"format":').reason).toBe('json');
    expect(parseTaskSpec('{}', TASK_LIMITS.maxBytes + 1)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('never throws, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseTaskSpec(s);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (s) => {
        expect(parseTaskSpec(s).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every single-field corruption of a valid task without throwing (property)', () => {
    const base = smallTaskObject();
    const paths: string[][] = [];
    const walk = (v: unknown, p: string[]) => {
      if (p.length > 0 && p[p.length - 1] === 'data') return void paths.push(p);
      if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
      else paths.push(p);
    };
    walk(base, []);
    const junk = fc.oneof(fc.constant(null), fc.constant(Number.NaN), fc.constant({}), fc.constant([]), fc.integer({ min: -5, max: -1 }), fc.constant('Lambda'), fc.constant(1e300));
    fc.assert(
      fc.property(fc.constantFrom(...paths), junk, (path, value) => {
        const t = structuredClone(base);
        let o = t;
        for (const k of path.slice(0, -1)) o = o[k];
        const last = path[path.length - 1]!;
        if (JSON.stringify(o[last]) === JSON.stringify(value)) return;
        o[last] = value;
        const r = parseTaskSpec(JSON.stringify(t));
        // Some fields accept any JSON (layer configs) or any string (names); the rest must be refused with a path.
        if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
