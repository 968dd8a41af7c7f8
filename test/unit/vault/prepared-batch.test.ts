/**
 * The import's faster per-record work must not change what is stored:
 * canonical meta JSON and content hashes are byte-for-byte those of the
 * previous implementation (re-imports across versions dedupe on them), and a
 * prepared batch carries every field of every record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewRecord } from '../../../shared/domain/record.js';
import { InvalidRecordError } from '../../../electron/core/vault/errors.js';
import {
  FIELD_KIND,
  FIELD_META,
  FIELD_SOURCE,
  FIELD_UNIT,
  FIELD_VALUE_TEXT,
  BatchPreparer,
  fieldOf,
  MAX_LISTED_DEVICE_CHARS,
  MAX_SOURCE_LIST_CHARS,
  MAX_SOURCES_PER_IMPORT,
  preparedBatchProblem,
  prepareBatch,
  type PreparedBatch,
} from '../../../electron/core/vault/records/prepared-batch.js';
import { joinDevice } from '../../../electron/core/vault/records/stored-meta.js';
import { ImportRun } from '../../../electron/core/vault/actions/import-run.js';
import { migrate } from '../../../electron/core/vault/migrations/migrate.js';
import type { Connection } from '../../../electron/core/vault/store/database.js';
import { plainStorePerTest } from '../../helpers/plain-store.js';
import { canonicalMetaJson, fieldsHash, recordHash } from '../../../electron/core/vault/records/record-hash.js';

/** The canonical JSON as version 1 wrote it (sort, then JSON.stringify each key and value). */
function referenceMetaJson(meta: NewRecord['meta']): string | null {
  if (meta === null) return null;
  const keys = Object.keys(meta).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(meta[k])}`).join(',')}}`;
}

const metaValue = fc.oneof(fc.string({ unit: 'grapheme' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
const metaArb = fc.option(fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }).filter((k) => k !== '__proto__'), metaValue, { maxKeys: 8 }));
const recordArb: fc.Arbitrary<NewRecord> = fc
  .record({
    kind: fc.string({ minLength: 1, maxLength: 20 }),
    unit: fc.option(fc.string({ maxLength: 10 })),
    source: fc.option(fc.string({ maxLength: 20 })),
    tStart: fc.integer({ min: -1e13, max: 1e13 }),
    tEnd: fc.integer({ min: -1e13, max: 1e13 }),
    valueNum: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    valueText: fc.option(fc.string({ maxLength: 30 })),
    meta: metaArb,
  })
  .map((r) => (r.tEnd < r.tStart ? { ...r, tStart: r.tEnd, tEnd: r.tStart } : r));

describe('canonical meta JSON and hashes are unchanged', () => {
  it('matches the version-1 encoding for any meta (property)', () => {
    fc.assert(fc.property(metaArb, (m) => {
      expect(canonicalMetaJson(m)).toBe(referenceMetaJson(m));
    }), { numRuns: 2000 });
  });

  it('pins real hashes computed by the previous implementation', () => {
    const recs: NewRecord[] = [
      {
        kind: 'HKQuantityTypeIdentifierHeartRate', unit: 'count/min', source: 'Alice’s Apple Watch', tStart: 1709319790000, tEnd: 1709319790000, valueNum: 72, valueText: null,
        meta: { sourceVersion: '10.2', device: '<<HKDevice: 0x2829b1f90>, name:Apple Watch>', creationDate: '2024-03-01 14:05:12 -0500', HKMetadataKeyHeartRateMotionContext: '0' },
      },
      { kind: 'location', unit: null, source: 'Google Takeout', tStart: -1, tEnd: 0, valueNum: -0, valueText: 'geo:52.5,13.4', meta: { type: 'point', lat: 52.5, lon: 13.4, accuracy: 12, z: true, n: null } },
      { kind: 'note', unit: '', source: null, tStart: 0, tEnd: 0, valueNum: null, valueText: '', meta: null },
    ];
    expect(recs.map((r) => recordHash(r, canonicalMetaJson(r.meta)).toString('hex'))).toEqual([
      'e6a990d59696f20b1fca1f0cda6a911e',
      '7c9d387a1b7af23e1f4614935420417e',
      'e1065f0cd40370bfe4f457e088cee1fd',
    ]);
  });
});

/** Records as an import of Apple Health makes them: few sources and devices, a string device in meta (or not). */
const deviceArb = fc.constantFrom('<<HKDevice: 0x1>, name:Apple Watch>', 'iPhone "quoted" \\ ’', '', 'Ärger');
const appleLikeArb: fc.Arbitrary<NewRecord> = fc
  .tuple(recordArb, fc.option(fc.constantFrom('Alice’s Apple Watch', 'Alice’s iPhone', '')), fc.option(deviceArb), fc.boolean())
  .map(([r, source, device, keepMeta]) => {
    const meta = keepMeta && r.meta !== null ? { ...r.meta } : {};
    if (device !== null) meta.device = device;
    return { ...r, source, meta: Object.keys(meta).length === 0 && device === null && !keepMeta ? null : meta };
  });

/** Reads one record back from prepared batches the way the store does (source list, device put back). */
function readBack(b: PreparedBatch, i: number, list: (string | null)[]): { source: string | null; meta: string | null } {
  const ref = b.sourceRef[i]!;
  const at = b.deviceAt[i]!;
  const meta = fieldOf(b, i, FIELD_META);
  return {
    source: ref === -1 ? fieldOf(b, i, FIELD_SOURCE) : list[ref * 2]!,
    meta: at === -1 ? meta : joinDevice(meta!, at, list[ref * 2 + 1]!),
  };
}

describe('BatchPreparer', () => {
  it('keeps every field and the same hash for every record, sources and devices in the list (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(recordArb, appleLikeArb), { maxLength: 12 }), { maxLength: 4 }), (batches) => {
        const preparer = new BatchPreparer();
        const list: (string | null)[] = [];
        batches.forEach((records, n) => {
          const b = preparer.prepare(records, n + 1);
          expect(b.count).toBe(records.length);
          expect(preparedBatchProblem(b, list.filter((_, k) => k % 2 === 1))).toBeNull();
          list.push(...b.newSources);
          records.forEach((r, i) => {
            const f = (field: number): string | null => fieldOf(b, i, field);
            expect([f(FIELD_KIND), f(FIELD_UNIT), readBack(b, i, list).source, b.tStart[i], b.tEnd[i], f(FIELD_VALUE_TEXT)]).toEqual([r.kind, r.unit, r.source, r.tStart, r.tEnd, r.valueText]);
            expect(b.valueNumNull[i] ? null : b.valueNum[i]).toEqual(r.valueNum);
            expect(readBack(b, i, list).meta).toBe(referenceMetaJson(r.meta));
            // What the store hashes (import-run.ts): the fields put back together.
            const back = readBack(b, i, list);
            const num = b.valueNumNull[i] ? null : b.valueNum[i]!;
            expect(fieldsHash(f(FIELD_KIND)!, b.tStart[i]!, b.tEnd[i]!, num, f(FIELD_VALUE_TEXT), f(FIELD_UNIT), back.source, back.meta).toString('hex')).toBe(
              recordHash(r, referenceMetaJson(r.meta)).toString('hex'),
            );
            // A string device is taken out of the stored meta whenever the record is in the source list.
            const device = r.meta?.device;
            expect(b.deviceAt[i] !== -1).toBe(typeof device === 'string' && b.sourceRef[i] !== -1);
            if (b.deviceAt[i] !== -1) expect(f(FIELD_META)).not.toContain('"device":');
          });
        });
        // Each pair is listed once.
        const pairs = list.flatMap((_, k) => (k % 2 === 0 ? [JSON.stringify([list[k], list[k + 1]])] : []));
        expect(new Set(pairs).size).toBe(pairs.length);
      }),
      { numRuns: 300 },
    );
  });

  it(`stops adding to the source list after ${MAX_SOURCES_PER_IMPORT} pairs: later records keep source and device inline`, () => {
    const preparer = new BatchPreparer();
    const rec = (i: number): NewRecord => ({ kind: 'k', unit: null, source: `s${i}`, tStart: i, tEnd: i, valueNum: 1, valueText: null, meta: { device: 'd' } });
    const first = preparer.prepare(Array.from({ length: MAX_SOURCES_PER_IMPORT }, (_, i) => rec(i)), 1);
    expect(first.newSources).toHaveLength(MAX_SOURCES_PER_IMPORT * 2);
    const b = preparer.prepare([rec(MAX_SOURCES_PER_IMPORT), rec(0)], 2);
    expect(b.newSources).toEqual([]);
    expect([b.sourceRef[0], b.deviceAt[0], fieldOf(b, 0, FIELD_SOURCE), fieldOf(b, 0, FIELD_META)]).toEqual([-1, -1, `s${MAX_SOURCES_PER_IMPORT}`, '{"device":"d"}']);
    expect([b.sourceRef[1], b.deviceAt[1], fieldOf(b, 1, FIELD_SOURCE), fieldOf(b, 1, FIELD_META)]).toEqual([0, 1, null, '{}']);
  });

  it('keeps an overlong device in meta and stops listing pairs past the character budget', () => {
    const preparer = new BatchPreparer();
    const long = 'd'.repeat(MAX_LISTED_DEVICE_CHARS + 1);
    const b = preparer.prepare([{ kind: 'k', unit: null, source: 's', tStart: 0, tEnd: 0, valueNum: 1, valueText: null, meta: { device: long } }], 1);
    // Longer than the bound: the pair is (s, null) and meta stays whole.
    expect([b.sourceRef[0], b.deviceAt[0], b.newSources, fieldOf(b, 0, FIELD_META)]).toEqual([0, -1, ['s', null], JSON.stringify({ device: long })]);
    const many = preparer.prepare(
      Array.from({ length: 2 * Math.ceil(MAX_SOURCE_LIST_CHARS / 1000) }, (_, i) => ({ kind: 'k', unit: null, source: `${i}`.padEnd(490, 'x'), tStart: i, tEnd: i, valueNum: 1, valueText: null, meta: { device: 'y'.repeat(500) } })),
      2,
    );
    const listed = many.newSources.reduce<number>((n, v) => n + (v?.length ?? 0), 0);
    expect(listed).toBeLessThanOrEqual(MAX_SOURCE_LIST_CHARS);
    expect(many.sourceRef.at(-1)).toBe(-1);
    expect(fieldOf(many, many.count - 1, FIELD_SOURCE)).toMatch(/^\d+x+$/);
  });

  it('a batch pointing at a pair it does not have, or a device from a pair without one, is reported', () => {
    const b = prepareBatch([{ kind: 'k', unit: null, source: 's', tStart: 0, tEnd: 0, valueNum: 1, valueText: null, meta: { a: 1, device: 'd' } }], 1);
    expect(preparedBatchProblem(b)).toBeNull();
    expect(preparedBatchProblem({ ...b, newSources: [] })).toBe('sources');
    expect(preparedBatchProblem({ ...b, newSources: ['s', null] })).toBe('sources');
    expect(preparedBatchProblem({ ...b, deviceAt: Int32Array.of(100) })).toBe('sources');
    expect(preparedBatchProblem({ ...b, newSources: ['s'] })).toBe('sources');
  });
});

describe('prepareBatch', () => {
  it('a batch whose offsets do not fit its text is reported, not read', () => {
    const b = prepareBatch([{ kind: 'k', unit: null, source: null, tStart: 0, tEnd: 0, valueNum: 1, valueText: 'abc', meta: null }], 1);
    expect(preparedBatchProblem({ ...b, text: 'k' })).toBe('field offsets');
    expect(preparedBatchProblem({ ...b, count: 2 })).toBe('field offsets');
    expect(preparedBatchProblem({ ...b, hashes: new Uint8Array(15) })).toBe('hashes');
    expect(preparedBatchProblem({ ...b, hashes: new Uint8Array(0) })).toBeNull(); // the store hashes
    expect(prepareBatch([{ kind: 'k', unit: null, source: null, tStart: 0, tEnd: 0, valueNum: 1, valueText: null, meta: null }], 1, false).hashes).toHaveLength(0);
  });

  it('refuses an invalid record by batch and position, without its value', () => {
    const bad = { kind: 'k', unit: null, source: null, tStart: 5, tEnd: 4, valueNum: null, valueText: 'SECRET', meta: null };
    expect(() => prepareBatch([bad], 3)).toThrow(InvalidRecordError);
    expect(() => prepareBatch([bad], 3)).toThrow('tEnd of record 1 in batch 3 is missing or malformed');
  });
});

describe('ImportRun stores the same hashes as before (real store)', () => {
  let db: Connection;
  plainStorePerTest((opened) => {
    db = opened;
    migrate(db);
  });

  it('every stored hash is recordHash of the record as the importer made it, hashed by the preparer or by the store, prepared here or in batches (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(recordArb, appleLikeArb), { minLength: 1, maxLength: 30 }), fc.boolean(), fc.boolean(), async (records, hash1, hash2) => {
        db.exec('DELETE FROM records; DELETE FROM sources; DELETE FROM datasets;');
        const half = Math.ceil(records.length / 2);
        async function* batches(): AsyncGenerator<NewRecord[] | PreparedBatch> {
          const preparer = new BatchPreparer();
          // As the parse worker sends them: with hashes, or without (the store hashes, its sources and devices put back).
          yield preparer.prepare(records.slice(0, half), 1, hash1);
          yield preparer.prepare(records.slice(half), 2, hash2);
        }
        await new ImportRun(db, { fileName: 'r.json', format: 'json' }, () => 0).run(batches());
        const stored = new Set((db.prepare('SELECT hash FROM records').pluck().all() as Buffer[]).map((h) => h.toString('hex')));
        expect(stored).toEqual(new Set(records.map((r) => recordHash(r, referenceMetaJson(r.meta)).toString('hex'))));
      }),
      { numRuns: 60 },
    );
  });
});
