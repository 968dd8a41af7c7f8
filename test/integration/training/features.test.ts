import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures, featureScope, type LeaseScope } from '../../../electron/core/training/features/build-features.js';
import { TaskRefusedError } from '../../../electron/core/training/errors.js';
import { createVault, type Vault } from '../../../electron/core/vault/index.js';
import { FeatureSpec } from '../../../shared/training/task-spec.js';
import { batchesOf, makeRecord, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const lease: LeaseScope = { leaseId: '7', datasets: ['steps', 'hr'], dataFrom: BigInt(START / 1000), dataTo: BigInt((START + 20 * DAY) / 1000 - 1) };

describe('buildFeatures (real vault)', () => {
  let vault: Vault;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const t = await tempVaultDir();
    cleanup = t.cleanup;
    vault = (await createVault(t.dir, PASSPHRASE, TEST_OPTIONS)).vault;
    const records = [];
    for (let d = 0; d < 30; d++) {
      // two step records a day (sum = 1000·d + 1), one heart rate; day 12 has no heart rate
      records.push(makeRecord({ kind: 'steps', tStart: START + d * DAY + 3_600_000, tEnd: START + d * DAY + 3_660_000, valueNum: 1000 * d }));
      records.push(makeRecord({ kind: 'steps', tStart: START + d * DAY + 7_200_000, tEnd: START + d * DAY + 7_260_000, valueNum: 1 }));
      if (d !== 12) records.push(makeRecord({ kind: 'hr', tStart: START + d * DAY + 3_600_000, tEnd: START + d * DAY + 3_660_000, valueNum: 60 + d }));
      records.push(makeRecord({ kind: 'secret', tStart: START + d * DAY, tEnd: START + d * DAY + 1, valueNum: 99 }));
    }
    await vault.importRecords({ fileName: 'x.json', format: 'json' }, batchesOf(records));
  });
  afterAll(async () => {
    vault.lock();
    await cleanup();
  });

  const spec = FeatureSpec.parse({
    bucket: 'day',
    window: 3,
    inputs: [{ dataset: 'steps', stat: 'sum', scale: { subtract: 0, divide: 1000 } }, { dataset: 'hr', stat: 'mean' }],
    label: { dataset: 'steps', stat: 'sum', ahead: 1, threshold: 10_000 },
  });

  it('builds sliding windows from the leased range only, through the guard, skipping gaps', () => {
    const calls: [string, string, number][] = [];
    const f = buildFeatures(vault, (id, kind, t) => calls.push([id, kind, t]), lease, spec, 1000);
    // days 0..19 in the lease; windows end at t = 2..18 (label t+1 ≤ 19); windows touching day 12 (t = 12, 13, 14) are skipped
    expect(f.examples).toBe(17 - 3);
    expect(f.xShape).toEqual([6]);
    expect(Array.from(f.x.slice(0, 6))).toEqual([0.001, 60, 1.001, 61, 2.001, 62].map((v) => Math.fround(v)));
    expect(f.y[0]).toBe(0); // day 3: 3001 steps
    expect(f.y[f.examples - 1]).toBe(1); // day 19
    expect(f.recordCount).toBe(20 * 2 + 19);
    expect(new Set(calls.map((c) => c[1]))).toEqual(new Set(['steps', 'hr']));
    expect(calls.every(([id, , t]) => id === '7' && t >= START && t < START + 20 * DAY)).toBe(true);
  });

  it('stops at the guard: a revoked lease reads nothing', () => {
    expect(() =>
      buildFeatures(vault, () => {
        throw new Error('lease revoked');
      }, lease, spec, 1000),
    ).toThrow('lease revoked');
  });

  it('refuses a dataset the lease does not grant (input or label)', () => {
    const a = FeatureSpec.parse({ ...spec, inputs: [{ dataset: 'secret', stat: 'sum' }] });
    expect(() => featureScope(a, lease)).toThrow(TaskRefusedError);
    try {
      featureScope(a, lease);
    } catch (e) {
      expect(e).toMatchObject({ reason: 'dataset-not-in-lease', path: 'features.inputs[0].dataset' });
    }
    const b = FeatureSpec.parse({ ...spec, label: { ...spec.label, dataset: 'secret' } });
    expect(() => featureScope(b, lease)).toThrow(/label reads a dataset/);
  });

  it('refuses a time range outside the lease', () => {
    const before = FeatureSpec.parse({ ...spec, from: Number(lease.dataFrom) - 1 });
    expect(() => featureScope(before, lease)).toThrow(expect.objectContaining({ reason: 'time-outside-lease', path: 'features.from' }));
    const after = FeatureSpec.parse({ ...spec, to: Number(lease.dataTo) + 1 });
    expect(() => featureScope(after, lease)).toThrow(expect.objectContaining({ reason: 'time-outside-lease', path: 'features.to' }));
    const inside = FeatureSpec.parse({ ...spec, from: Number(lease.dataFrom) + 86_400 * 5 });
    expect(featureScope(inside, lease).fromMs).toBe(START + 5 * DAY);
  });
});
