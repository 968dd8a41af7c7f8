import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewRecord } from '../../../shared/domain/record.js';
import {
  createVault,
  DatasetNotFoundError,
  InvalidQueryError,
  type Vault,
} from '../../../electron/core/vault/index.js';
import { batchesOf, makeRecord, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2024, 2, 1); // 2024-03-01T00:00Z

describe('queries', () => {
  let vault: Vault;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const t = await tempVaultDir();
    cleanup = t.cleanup;
    ({ vault } = await createVault(t.dir, PASSPHRASE, TEST_OPTIONS));
    const records: NewRecord[] = [];
    // 250 records, 6 minutes apart: 10 per hour, values 0..249.
    for (let i = 0; i < 250; i++) records.push(makeRecord({ tStart: T0 + i * 360_000, tEnd: T0 + i * 360_000 + 1000, valueNum: i }));
    // Three records sharing one timestamp (ties ordered by id) and one text-only record.
    for (const v of [1000, 2000, 3000]) records.push(makeRecord({ kind: 'ties', tStart: T0, tEnd: T0, valueNum: v }));
    records.push(makeRecord({ kind: 'ties', tStart: T0 + 1, tEnd: T0 + 1, valueNum: null, valueText: 'text only' }));
    await vault.importRecords({ fileName: 'q.csv', format: 'csv' }, batchesOf(records, 64));
  });
  afterAll(async () => {
    vault.lock();
    await cleanup();
  });

  it('counts the records of several datasets in a range, numeric or not; unknown kinds count 0', () => {
    expect(vault.countRecords(['steps', 'ties'])).toBe(254);
    expect(vault.countRecords(['ties'], { from: T0 + 1, to: T0 + 2 })).toBe(1); // the text-only record
    expect(vault.countRecords(['steps', 'steps', 'not-imported'], { from: T0, to: T0 + H })).toBe(10);
    expect(vault.countRecords([])).toBe(0);
    expect(() => vault.countRecords(['steps'], { from: 1.5 })).toThrow(InvalidQueryError);
  });

  it('a count agrees with paging through the same range (any range)', () => {
    const span = 250 * 360_000;
    fc.assert(
      fc.property(fc.integer({ min: -H, max: span + H }), fc.integer({ min: 0, max: span }), (from, width) => {
        const to = from + width;
        const paged = vault.records('steps', { from, to, limit: 10_000 }).records.length + vault.records('ties', { from, to, limit: 10_000 }).records.length;
        expect(vault.countRecords(['steps', 'ties'], { from, to })).toBe(paged);
      }),
      { numRuns: 60 },
    );
  });

  it('lists datasets with counts and spans', () => {
    expect(vault.listDatasets()).toEqual([
      { kind: 'steps', unit: 'count', source: 'csv', recordCount: 250, from: T0, to: T0 + 249 * 360_000 + 1000 },
      { kind: 'ties', unit: 'count', source: 'csv', recordCount: 4, from: T0, to: T0 + 1 },
    ]);
  });

  it('pages through everything with keyset cursors, in (tStart, id) order', () => {
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = vault.records('steps', { limit: 100, after });
      seen.push(...page.records.map((r) => r.valueNum as number));
      after = page.nextCursor;
      pages++;
    } while (after !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(vault.records('steps').records).toHaveLength(100); // default limit
    expect(vault.records('steps', { limit: 250 }).nextCursor).toBeNull();
  });

  it('breaks timestamp ties by id across pages', () => {
    const first = vault.records('ties', { limit: 2 });
    expect(first.records.map((r) => r.valueNum)).toEqual([1000, 2000]);
    const second = vault.records('ties', { limit: 2, after: first.nextCursor });
    expect(second.records.map((r) => [r.valueNum, r.valueText])).toEqual([[3000, null], [null, 'text only']]);
    expect(second.nextCursor).toBeNull();
  });

  it('filters tStart to [from, to)', () => {
    const page = vault.records('steps', { from: T0 + H, to: T0 + 2 * H, limit: 1000 });
    expect(page.records.map((r) => r.valueNum)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(vault.records('steps', { from: T0 + 2 * H, to: T0 + 2 * H }).records).toEqual([]);
  });

  it('aggregates per hour with exact statistics', () => {
    const hours = vault.aggregate('steps', { bucket: 'hour', from: T0, to: T0 + 3 * H });
    expect(hours).toEqual([
      { bucketStart: T0, count: 10, sum: 45, mean: 4.5, min: 0, max: 9 },
      { bucketStart: T0 + H, count: 10, sum: 145, mean: 14.5, min: 10, max: 19 },
      { bucketStart: T0 + 2 * H, count: 10, sum: 245, mean: 24.5, min: 20, max: 29 },
    ]);
    expect(vault.aggregate('steps', { bucket: 'hour' })).toHaveLength(25);
  });

  it('aggregates per day in UTC and in a fixed local offset', () => {
    // 250 records × 6 min = 25 h: day 1 holds values 0..239, day 2 holds 240..249.
    expect(vault.aggregate('steps', { bucket: 'day' })).toEqual([
      { bucketStart: T0, count: 240, sum: 28680, mean: 119.5, min: 0, max: 239 },
      { bucketStart: T0 + DAY, count: 10, sum: 2445, mean: 244.5, min: 240, max: 249 },
    ]);
    // UTC+2: local midnight is 22:00Z of the previous day; the first 22 h (0..219) fall on local 1 March.
    expect(vault.aggregate('steps', { bucket: 'day', utcOffsetMinutes: 120 })).toEqual([
      { bucketStart: T0 - 2 * H, count: 220, sum: 24090, mean: 109.5, min: 0, max: 219 },
      { bucketStart: T0 + DAY - 2 * H, count: 30, sum: 7035, mean: 234.5, min: 220, max: 249 },
    ]);
    // UTC-5: local midnight is 05:00Z.
    expect(vault.aggregate('steps', { bucket: 'day', utcOffsetMinutes: -300 }).map((b) => [b.bucketStart, b.count])).toEqual([
      [T0 - DAY + 5 * H, 50],
      [T0 + 5 * H, 200],
    ]);
  });

  it('leaves records without a numeric value out of aggregates', () => {
    expect(vault.aggregate('ties', { bucket: 'day' })).toEqual([{ bucketStart: T0, count: 3, sum: 6000, mean: 2000, min: 1000, max: 3000 }]);
  });

  it('rejects unknown kinds and bad queries with named errors', () => {
    expect(() => vault.records('nope')).toThrow(DatasetNotFoundError);
    expect(() => vault.aggregate('nope', { bucket: 'day' })).toThrow('There is no dataset "nope" in this vault.');
    expect(() => vault.records('steps', { limit: 0 })).toThrow(InvalidQueryError);
    expect(() => vault.records('steps', { limit: 10_001 })).toThrow('limit must be a whole number from 1 to 10000');
    expect(() => vault.records('steps', { after: 'garbage' })).toThrow(InvalidQueryError);
    expect(() => vault.records('steps', { from: 1.5 })).toThrow(InvalidQueryError);
    expect(() => vault.aggregate('steps', { bucket: 'week' as 'day' })).toThrow(InvalidQueryError);
    expect(() => vault.aggregate('steps', { bucket: 'day', utcOffsetMinutes: 5000 })).toThrow(InvalidQueryError);
  });

  it('stores settings as JSON inside the vault', () => {
    expect(vault.settings.get('ui')).toBeUndefined();
    vault.settings.set('ui', { theme: 'dark', scale: 1.25, panes: ['a', 'b'] });
    expect(vault.settings.get('ui')).toEqual({ theme: 'dark', scale: 1.25, panes: ['a', 'b'] });
    vault.settings.set('ui', null);
    expect(vault.settings.get('ui')).toBeNull();
    expect(vault.settings.delete('ui')).toBe(true);
    expect(vault.settings.delete('ui')).toBe(false);
    expect(() => vault.settings.set('', 1)).toThrow(InvalidQueryError);
  });
});
