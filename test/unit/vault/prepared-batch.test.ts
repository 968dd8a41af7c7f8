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
  fieldOf,
  preparedBatchProblem,
  prepareBatch,
} from '../../../electron/core/vault/records/prepared-batch.js';
import { canonicalMetaJson, recordHash } from '../../../electron/core/vault/records/record-hash.js';

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

describe('prepareBatch', () => {
  it('keeps every field and the same hash for every record (property)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), (records) => {
        const b = prepareBatch(records, 1);
        expect(b.count).toBe(records.length);
        expect(preparedBatchProblem(b)).toBeNull();
        records.forEach((r, i) => {
          const f = (field: number): string | null => fieldOf(b, i, field);
          expect([f(FIELD_KIND), f(FIELD_UNIT), f(FIELD_SOURCE), b.tStart[i], b.tEnd[i], f(FIELD_VALUE_TEXT)]).toEqual([r.kind, r.unit, r.source, r.tStart, r.tEnd, r.valueText]);
          expect(b.valueNumNull[i] ? null : b.valueNum[i]).toEqual(r.valueNum);
          expect(f(FIELD_META)).toBe(referenceMetaJson(r.meta));
          expect(Buffer.from(b.hashes.subarray(i * 16, i * 16 + 16)).toString('hex')).toBe(recordHash(r, referenceMetaJson(r.meta)).toString('hex'));
        });
      }),
    );
  });

  it('a batch whose offsets do not fit its text is reported, not read', () => {
    const b = prepareBatch([{ kind: 'k', unit: null, source: null, tStart: 0, tEnd: 0, valueNum: 1, valueText: 'abc', meta: null }], 1);
    expect(preparedBatchProblem({ ...b, text: 'k' })).toBe('field offsets');
    expect(preparedBatchProblem({ ...b, count: 2 })).toBe('field offsets');
  });

  it('refuses an invalid record by batch and position, without its value', () => {
    const bad = { kind: 'k', unit: null, source: null, tStart: 5, tEnd: 4, valueNum: null, valueText: 'SECRET', meta: null };
    expect(() => prepareBatch([bad], 3)).toThrow(InvalidRecordError);
    expect(() => prepareBatch([bad], 3)).toThrow('tEnd of record 1 in batch 3 is missing or malformed');
  });
});
