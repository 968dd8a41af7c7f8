import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewRecord } from '../../../shared/domain/record.js';
import { canonicalMetaJson, recordHash } from '../../../electron/core/vault/records/record-hash.js';
import { makeRecord } from '../../helpers/vault-fixtures.js';

function h(r: NewRecord): string {
  return recordHash(r, canonicalMetaJson(r.meta)).toString('hex');
}

describe('record content hash', () => {
  it('is 16 bytes and stable (pinned)', () => {
    const r = makeRecord({ meta: { b: 2, a: 'x' } });
    expect(recordHash(r, canonicalMetaJson(r.meta))).toHaveLength(16);
    expect(h(r)).toBe(h(makeRecord({ meta: { a: 'x', b: 2 } })));
  });

  it('writes meta with sorted keys', () => {
    expect(canonicalMetaJson({ z: null, a: true, m: 'q"' })).toBe('{"a":true,"m":"q\\"","z":null}');
    expect(canonicalMetaJson(null)).toBeNull();
    expect(canonicalMetaJson({})).toBe('{}');
  });

  it('tells apart every field, null from empty, and shifted separators', () => {
    const base = makeRecord();
    const variants: NewRecord[] = [
      base,
      { ...base, kind: 'steps2' },
      { ...base, tStart: base.tStart + 1 },
      { ...base, tEnd: base.tEnd + 1 },
      { ...base, valueNum: null },
      { ...base, valueNum: 2 },
      { ...base, valueText: '' },
      { ...base, unit: null },
      { ...base, unit: '' },
      { ...base, source: null },
      { ...base, meta: {} },
      { ...base, unit: 'a|1:b', source: null },
      { ...base, unit: 'a', source: 'b' },
    ];
    const hashes = new Set(variants.map(h));
    expect(hashes.size).toBe(variants.length);
  });

  it('differs whenever the text value differs (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(h(makeRecord({ valueText: a }))).not.toBe(h(makeRecord({ valueText: b })));
      }),
    );
  });
});
