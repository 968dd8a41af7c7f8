/**
 * Profile facts (`profile.*`, from Apple Health's <Me>) are leased only by
 * name: the one rule the lease gate and the training features use
 * (leaseCoversKind) matches exact kinds, so "all", a wildcard, a prefix or
 * another case never reaches them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureScope, type LeaseScope } from '../../../electron/core/training/features/build-features.js';
import { TaskRefusedError } from '../../../electron/core/training/errors.js';
import { isProfileKind, leaseCoversKind } from '../../../shared/domain/profile-kinds.js';
import { FeatureSpec } from '../../../shared/training/task-spec.js';

const BROAD = ['all', '*', '%', 'profile', 'profile.', 'profile.*', 'PROFILE.dateOfBirth', 'profile.dateofbirth', ' profile.dateOfBirth', 'HKQuantityTypeIdentifierStepCount'];

describe('profile facts are leased only by name', () => {
  it('no broad or look-alike grant covers a profile kind; the exact name does', () => {
    for (const kind of ['profile.dateOfBirth', 'profile.biologicalSex', 'profile.bloodType']) {
      expect(isProfileKind(kind)).toBe(true);
      expect(leaseCoversKind(BROAD, kind)).toBe(false);
      expect(leaseCoversKind([...BROAD, kind], kind)).toBe(true);
    }
    expect(isProfileKind('HKQuantityTypeIdentifierStepCount')).toBe(false);
  });

  it('a grant covers a kind exactly when it lists it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 24 }), { maxLength: 16 }), fc.string({ maxLength: 24 }), (granted, name) => {
        const kind = `profile.${name}`;
        expect(leaseCoversKind(granted, kind)).toBe(granted.some((g) => g === kind));
      }),
    );
  });

  it('a task reading a profile fact is refused under a lease that does not name it', () => {
    const lease: LeaseScope = { leaseId: '1', datasets: BROAD, dataFrom: 1_700_000_000n, dataTo: 1_800_000_000n };
    const spec = FeatureSpec.parse({ bucket: 'day', window: 1, inputs: [{ dataset: 'profile.dateOfBirth', stat: 'count' }], label: { dataset: 'HKQuantityTypeIdentifierStepCount', stat: 'sum', ahead: 1, threshold: 1 } });
    expect(() => featureScope(spec, lease)).toThrow(TaskRefusedError);
    expect(() => featureScope(spec, { ...lease, datasets: [...BROAD, 'profile.dateOfBirth'] })).not.toThrow();
  });
});
