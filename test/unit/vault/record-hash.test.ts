import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewRecord } from '../../../shared/domain/record.js';
import { canonicalMetaJson, recordHash } from '../../../electron/core/vault/records/record-hash.js';
import { makeRecord } from '../../helpers/vault-fixtures.js';

function h(r: NewRecord): string {
  return recordHash(r, canonicalMetaJson(r.meta)).toString('hex');
}

describe('record content hash', () => {
  it('is 16 bytes and stable across versions (pinned: a change would break re-import dedupe of existing vaults)', () => {
    const r = makeRecord({ meta: { b: 2, a: 'x' } });
    expect(recordHash(r, canonicalMetaJson(r.meta))).toHaveLength(16);
    expect(h(r)).toBe(h(makeRecord({ meta: { a: 'x', b: 2 } })));
    // Values recorded from the v1 encoding when it shipped; never update them to match new output.
    expect(h(r)).toBe('d0e0387f801c823d6cf93beea4d11274');
    expect(h(makeRecord())).toBe('f6c48c5bbbd4b0a86a2a47144f91d6a8');
    const text = makeRecord({ kind: 'diary', valueNum: null, valueText: 'héllo, wörld', unit: null, source: null, meta: { tag: 'x', n: 1.5, ok: true, none: null } });
    expect(h(text)).toBe('7047ba35c81023d034903ed98f4bb5f5');
  });

  it('follows the documented v1 encoding (independent reference)', () => {
    const r = makeRecord({ kind: 'diary', valueNum: null, valueText: 'a|b', unit: null, source: 'Watch', meta: { z: 1, a: 'q' } });
    const doc = `v1|5:diary|${r.tStart}|${r.tEnd}|~|3:a|b|~|5:Watch|15:{"a":"q","z":1}`;
    expect(h(r)).toBe(createHash('sha256').update(doc, 'utf8').digest('hex').slice(0, 32));
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
